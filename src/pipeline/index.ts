export * from './choose-ingest';
export * from './ingest-choice';
export * from './ingest-decision';
export * from './pipeline-requirements';
