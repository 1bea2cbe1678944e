export * from './cost';
export * from './kinesis';
export * from './plan-warning';
