export * from './dedicated-masters';
export * from './secure-search-domain';
export * from './secure-search-domain-props';
