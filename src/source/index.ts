export * from './read-mode';
export * from './reader-binding';
export * from './stream-reader';
export * from './stream-source';
export * from './stream-writer';
export * from './writer-binding';
