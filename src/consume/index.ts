export * from './shard-consumer';
export * from './shard-consumer-props';
export * from './shard-read-options';
