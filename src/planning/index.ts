export * from './cost';
export * from './kinesis';
