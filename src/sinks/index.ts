export * from './aggregate-measure';
export * from './aggregate-to-table';
export * from './aggregate-to-table-props';
export * from './opensearch';
export * from './redshift';
