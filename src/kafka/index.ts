export * from './kafka-bridge';
export * from './kafka-bridge-props';
export * from './kafka-topic';
export * from './kafka-topic-props';
export * from './kafka-version';
