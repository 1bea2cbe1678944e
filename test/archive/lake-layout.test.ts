import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  APPEND_DELIMITER, DATE_FOLDERS, DELIVERY_STREAM, directPutLake, ERROR_PREFIX, expectInputError, LAKE, LakeFixture, lakeOfIngest,
  metadataExtraction, orderPlaced, ref,
} from './archive-helpers';
import { ArchiveFormat, ArchiveToLake } from '../../src/archive';
import { testStack } from '../app-fixture';

/** The partition folders `partitionBy: ['customerId', 'device.type']` adds before the date folders. */
const FIELD_FOLDERS = 'customerid=!{partitionKeyFromQuery:customerid}/device_type=!{partitionKeyFromQuery:device_type}/';
/** The JQ query extracting them: keys are the partition names, values the quoted paths. */
const JQ_QUERY = '{"customerid":."customerId","device_type":."device"."type"}';


/** A JSON lake writing into a bucket of the user's. */
function userBucketLake(): LakeFixture {
  const stack = testStack();
  const lake = new ArchiveToLake(stack, 'Archive', { bucket: new s3.Bucket(stack, 'MyLake') });
  return { stack, lake, template: () => Template.fromStack(stack) };
}

describe('prefixes', () => {
  test('prefix and errorPrefix are the base folders the library adds its folders under', () => {
    const { lake, template } = lakeOfIngest({ prefix: 'lake/orders/', errorPrefix: 'lake/failed/' });

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: `lake/orders/${DATE_FOLDERS}`,
        ErrorOutputPrefix: 'lake/failed/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/',
      }),
    });
    expect(lake.prefix).toBe(`lake/orders/${DATE_FOLDERS}`);
  });

  test('an empty prefix puts the date folders at the top of the bucket', () => {
    const { lake } = directPutLake({ prefix: '' });

    expect(lake.prefix).toBe(DATE_FOLDERS);
  });

  test('a prefix of 447 characters is 512 with the date folders: allowed', () => {
    const base = `${'a'.repeat(446)}/`;
    const { lake } = directPutLake({ prefix: base });

    expect(lake.prefix).toBe(`${base}${DATE_FOLDERS}`);
    expect(lake.prefix).toHaveLength(512);
  });
});

describe('record delimiting', () => {
  // Athena's JSON SerDes read one record per line: records written back to back would read as one broken row.
  test.each<[string, () => LakeFixture]>([
    ['of a stream', () => lakeOfIngest()],
    ['direct PUT', () => directPutLake()],
    ['into a user bucket', userBucketLake],
    ['with explicit ArchiveFormat.json()', () => directPutLake({ format: ArchiveFormat.json() })],
  ])('a JSON lake %s newline-delimits records without partitionBy, and partitions nothing', (_name, fixture) => {
    const { template } = fixture();

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        ProcessingConfiguration: { Enabled: true, Processors: [APPEND_DELIMITER] },
        DynamicPartitioningConfiguration: Match.absent(),
        Prefix: `events/${DATE_FOLDERS}`,
        CompressionFormat: 'GZIP',
      }),
    });
  });

  // Of a stream, see 'Parquet without partitionBy' below.
  test('a direct-PUT Parquet lake without partitionBy has no processing (the converter writes the files)', () => {
    const { template } = directPutLake({ format: ArchiveFormat.parquet(orderPlaced()) });

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        ProcessingConfiguration: Match.absent(),
        DataFormatConversionConfiguration: Match.objectLike({ Enabled: true }),
      }),
    });
  });
});

describe('partitionBy (dynamic partitioning)', () => {
  test('JSON: each field becomes a folder before the date folders, extracted with JQ, records newline-delimited', () => {
    const { template } = lakeOfIngest({ partitionBy: ['customerId', 'device.type'] });

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: `events/${FIELD_FOLDERS}${DATE_FOLDERS}`,
        ErrorOutputPrefix: ERROR_PREFIX,
        DynamicPartitioningConfiguration: { Enabled: true },
        ProcessingConfiguration: { Enabled: true, Processors: [metadataExtraction(JQ_QUERY), APPEND_DELIMITER] },
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
        CompressionFormat: 'GZIP',
      }),
    });
  });

  test('the prefix spells out the partition folders in order', () => {
    const { lake } = directPutLake({ partitionBy: ['customerId', 'device.type'] });

    expect(lake.prefix).toBe('events/customerid=!{partitionKeyFromQuery:customerid}/'
      + 'device_type=!{partitionKeyFromQuery:device_type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/');
  });

  test('a $. path names the same field', () => {
    const { template } = directPutLake({ partitionBy: ['$.customer.id'] });

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: `events/customer_id=!{partitionKeyFromQuery:customer_id}/${DATE_FOLDERS}`,
        ProcessingConfiguration: { Enabled: true, Processors: [metadataExtraction('{"customer_id":."customer"."id"}'), APPEND_DELIMITER] },
      }),
    });
  });

  test('Parquet: no delimiter (the converter writes the files), the partition columns and their projection in the table', () => {
    const { lake, template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()), partitionBy: ['customerId', 'device.type'] });

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: `events/${FIELD_FOLDERS}${DATE_FOLDERS}`,
        DynamicPartitioningConfiguration: { Enabled: true },
        ProcessingConfiguration: { Enabled: true, Processors: [metadataExtraction(JQ_QUERY)] },
        CompressionFormat: Match.absent(),
      }),
    });
    template().hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        PartitionKeys: [
          { Name: 'customerid', Type: 'string' },
          { Name: 'device_type', Type: 'string' },
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
          { Name: 'day', Type: 'int' },
        ],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.customerid.type': 'injected',
          'projection.device_type.type': 'injected',
          'projection.year.type': 'integer',
          'storage.location.template': {
            'Fn::Join': ['', ['s3://', ref(lake.bucket),
              '/events/customerid=${customerid}/device_type=${device_type}/year=${year}/month=${month}/day=${day}/']],
          },
        }),
      }),
    });
  });

  test('Parquet without partitionBy: no dynamic partitioning, no processors, no field partitions', () => {
    const { template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()) });

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        DynamicPartitioningConfiguration: Match.absent(),
        ProcessingConfiguration: Match.absent(),
      }),
    });
    template().hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        PartitionKeys: [{ Name: 'year', Type: 'int' }, { Name: 'month', Type: 'int' }, { Name: 'day', Type: 'int' }],
        Parameters: Match.objectLike({
          'projection.customerid.type': Match.absent(),
          'storage.location.template': { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/events/year=${year}/month=${month}/day=${day}/']] },
        }),
      }),
    });
  });
});

describe('partition names are sanitized to a-z, 0-9 and _', () => {
  test.each<[string, string, string]>([
    ['customer-id', 'customer_id', '."customer-id"'],
    ['@type', '_type', '."@type"'],
    ['$type', '_type', '."$type"'],
    ['Customer-ID', 'customer_id', '."Customer-ID"'],
    ['$.meta.@source-Region', 'meta__source_region', '."meta"."@source-Region"'],
  ])('%s: partition %s, read from %s', (field, name, path) => {
    const { lake, template } = directPutLake({ partitionBy: [field] });

    expect(lake.prefix).toBe(`events/${name}=!{partitionKeyFromQuery:${name}}/${DATE_FOLDERS}`);
    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: lake.prefix,
        ProcessingConfiguration: { Enabled: true, Processors: [metadataExtraction(`{"${name}":${path}}`), APPEND_DELIMITER] },
      }),
    });
  });

  test('Parquet: the sanitized names are the partition keys, the projection parameters and the location template', () => {
    const { lake, template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()), partitionBy: ['customer-id', '@type'] });

    expect(lake.prefix).toBe(`events/customer_id=!{partitionKeyFromQuery:customer_id}/_type=!{partitionKeyFromQuery:_type}/${DATE_FOLDERS}`);
    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: lake.prefix,
        ProcessingConfiguration: { Enabled: true, Processors: [metadataExtraction('{"customer_id":."customer-id","_type":."@type"}')] },
      }),
    });
    template().hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        PartitionKeys: [
          { Name: 'customer_id', Type: 'string' },
          { Name: '_type', Type: 'string' },
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
          { Name: 'day', Type: 'int' },
        ],
        Parameters: Match.objectLike({
          'projection.customer_id.type': 'injected',
          'projection._type.type': 'injected',
          'projection.customer-id.type': Match.absent(),
          'projection.@type.type': Match.absent(),
          'storage.location.template': {
            'Fn::Join': ['', ['s3://', ref(lake.bucket), '/events/customer_id=${customer_id}/_type=${_type}/year=${year}/month=${month}/day=${day}/']],
          },
        }),
      }),
    });
  });

  test.each<[string, string[], string]>([
    ['@type and _type', ['@type', '_type'], `${LAKE}: \`partitionBy\` fields '@type' and '_type' both become the partition '_type' `
      + '(partition names keep only a-z, 0-9 and _): keep one'],
    ['customer-id and customer_id', ['customer-id', 'customer_id'], `${LAKE}: \`partitionBy\` fields 'customer-id' and 'customer_id' `
      + 'both become the partition \'customer_id\' (partition names keep only a-z, 0-9 and _): keep one'],
  ])('two fields sanitized to one name are refused: %s', (_name, partitionBy, message) => {
    expectInputError(() => directPutLake({ partitionBy }), message);
  });
});
