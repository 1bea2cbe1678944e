export * from './imported-stream-source';
export * from './streaming-ingest';
export * from './streaming-ingest-props';
