export * from './planning';
export * from './source';
export * from './ingest';
export * from './consume';
export * from './sinks';
export * from './archive';
export * from './schema';
export * from './kafka';
