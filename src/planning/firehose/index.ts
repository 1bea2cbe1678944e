export * from './firehose-price-list';
