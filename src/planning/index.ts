export * from './cost';
export * from './kinesis';
export * from './msk';
export * from './plan-warning';
