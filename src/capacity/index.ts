export { CapacityLimit } from './capacity-limit';
export { CostEstimate } from './cost-estimate';
export { CostModel } from './cost-model';
export { PartitionKey, PartitionKeyAnalysis, PartitionKeyFieldOptions } from './partition-key';
export { PriceList } from './price-list';
export { ShardPlan } from './shard-plan';
export { ShardPlanOptions, ShardSizing } from './shard-sizing';
export { StreamWorkload } from './stream-workload';
