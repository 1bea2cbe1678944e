export * from './column-type';
export * from './stream-schema';
export * from './schema-format';
export * from './schema-compatibility';
export * from './schema-registry';
export * from './schema-registry-props';
export * from './registry-schema';
export * from './registry-schema-options';
