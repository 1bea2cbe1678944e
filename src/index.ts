export * from './capacity';
export * from './ingest';
export * from './consume';
export * from './sinks';
