export * from './capacity-limit';
export * from './cost-model';
export * from './partition-key';
export * from './price-list';
export * from './shard-plan';
export * from './shard-sizing';
export * from './stream-workload';
