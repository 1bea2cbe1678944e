export * from './flink-cost-estimate';
export * from './flink-plan';
export * from './flink-price-list';
export * from './flink-sizing';
export * from './flink-throughput';
export * from './flink-workload';
