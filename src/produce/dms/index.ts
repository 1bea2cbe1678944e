export * from './dms-producer';
export * from './dms-producer-props';
