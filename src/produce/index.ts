export * from './producer-props';
export * from './iot';
export * from './eventbridge';
