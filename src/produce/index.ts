export * from './producer-props';
