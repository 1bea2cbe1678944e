export * from './cost';
export * from './firehose';
export * from './flink';
export * from './kinesis';
export * from './msk';
export * from './plan-warning';
