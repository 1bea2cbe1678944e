export * from './producer-props';
export * from './dms';
