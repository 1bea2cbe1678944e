export * from './producer-props';
export * from './api-gateway';
export * from './dms';
export * from './eventbridge';
export * from './iot';
