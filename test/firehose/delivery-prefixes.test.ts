import { staticFolders } from '../../src/firehose/delivery-prefixes';

describe('staticFolders: where Firehose writes, before any expression', () => {
  test.each<[string, string[], string[]]>([
    ['date folders', ['events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/'], ['events/']],
    ['partition folders', ['events/customer_id=!{partitionKeyFromQuery:customer_id}/year=!{timestamp:yyyy}/'], ['events/']],
    ['the error type', ['errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/'], ['errors/']],
    ['nested folders', ['lake/orders/year=!{timestamp:yyyy}/', 'lake/failed/!{firehose:error-output-type}/'], ['lake/orders/', 'lake/failed/']],
    ['no expression', ['events/'], ['events/']],
    ['a prefix that is not a folder: its folder', ['events/part-'], ['events/']],
    ['an expression at the root: the whole bucket', ['!{timestamp:yyyy}/'], ['']],
    ['the same folder twice, once', ['events/a=!{timestamp:yyyy}/', 'events/!{firehose:error-output-type}/'], ['events/']],
  ])('%s', (_name, prefixes, folders) => {
    expect(staticFolders(prefixes)).toEqual(folders);
  });
});
