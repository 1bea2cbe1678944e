export * from './capacity';
export * from './ingest';
