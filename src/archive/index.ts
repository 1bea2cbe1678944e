export * from './archive-format';
export * from './archive-to-lake';
export * from './archive-to-lake-props';
