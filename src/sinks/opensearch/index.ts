export * from './dedicated-masters';
export * from './secure-search-domain';
export * from './secure-search-domain-props';
export * from './index-options';
export * from './index-to-opensearch';
export * from './index-to-opensearch-props';
export * from './serverless-collection';
export * from './serverless-collection-props';
