export * from './event-bridge-producer-props';
export * from './event-bridge-producer';
