export * from './analytics-sink';
export * from './application-code';
export * from './flink-runtime';
export * from './stream-analytics';
export * from './stream-analytics-props';
