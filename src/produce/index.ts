export * from './producer-props';
export * from './iot';
