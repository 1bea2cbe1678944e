export * from './stream-source';
export * from './streaming-ingest';
export * from './streaming-ingest-props';
