import { CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ALARM, buildLake, DATE_FOLDERS, DELIVERY_STREAM, expectInputError, LAKE, orderPlaced } from './archive-helpers';
import { StreamingIngest, StreamSource } from '../../src';
import { ArchiveFormat, ArchiveToLake, ArchiveToLakeProps } from '../../src/archive';
import { ColumnType } from '../../src/schema/column-type';
import { StreamSchema } from '../../src/schema/stream-schema';
import { testStack } from '../app-fixture';

const parquet = () => ArchiveFormat.parquet(orderPlaced());
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
const FOLDERS = 'must be folder names of A-Z, a-z, 0-9, _ . = and -, each ending in \'/\' (or empty; the library adds the partition folders)';
const FIELD_PATH = 'must be a JSON path of field names joined by dots, like \'customerId\', \'customer.id\' or \'$.customer.id\'';
/** 447 characters: with the 65 characters of date folders, the 512 Firehose allows. */
const LONGEST_PREFIX = `${'a'.repeat(446)}/`;
const ERROR_FOLDERS = `!{firehose:error-output-type}/${DATE_FOLDERS}`;

/** A number only CloudFormation knows. */
function numberToken(stack: Stack): number {
  return new CfnParameter(stack, 'Figure', { type: 'Number' }).valueAsNumber;
}

describe('ArchiveToLake refuses invalid props', () => {
  test.each<[string, ArchiveToLakeProps, string]>([
    ['bufferingInterval 901 s', { bufferingInterval: Duration.seconds(901) },
      `${LAKE}: \`bufferingInterval\` must be an integer between 0 and 900 seconds, got 901`],
    ['bufferingInterval 1.5 s', { bufferingInterval: Duration.millis(1500) },
      `${LAKE}: \`bufferingInterval\` must be an integer between 0 and 900 seconds, got 1.5`],
    ['bufferingSize 0.5 MiB', { bufferingSize: Size.kibibytes(512) },
      `${LAKE}: \`bufferingSize\` must be an integer between 1 and 128 MiB, got 0.5`],
    ['bufferingSize 129 MiB', { bufferingSize: Size.mebibytes(129) },
      `${LAKE}: \`bufferingSize\` must be an integer between 1 and 128 MiB, got 129`],
    // The reported defect: the message gave neither the 128 MiB maximum nor the unit of the value.
    ['Parquet with 1 MiB', { format: parquet(), bufferingSize: Size.mebibytes(1) },
      `${LAKE}: \`bufferingSize\` must be an integer between 64 and 128 MiB with Parquet conversion, got 1 MiB`],
    ['Parquet with 32 MiB', { format: parquet(), bufferingSize: Size.mebibytes(32) },
      `${LAKE}: \`bufferingSize\` must be an integer between 64 and 128 MiB with Parquet conversion, got 32 MiB`],
    ['partitionBy with 32 MiB', { partitionBy: ['customerId'], bufferingSize: Size.mebibytes(32) },
      `${LAKE}: \`bufferingSize\` must be an integer between 64 and 128 MiB with dynamic partitioning (\`partitionBy\`), got 32 MiB`],
    ['Parquet and partitionBy with 63 MiB', { format: parquet(), partitionBy: ['customerId'], bufferingSize: Size.mebibytes(63) },
      `${LAKE}: \`bufferingSize\` must be an integer between 64 and 128 MiB with Parquet conversion, got 63 MiB`],
    ['partitionBy with zero buffering', { partitionBy: ['customerId'], bufferingInterval: Duration.seconds(0) },
      `${LAKE}: \`bufferingInterval\` must be an integer between 60 and 900 seconds with dynamic partitioning (\`partitionBy\`), got 0 seconds`],
    ['partitionBy with 30 s', { partitionBy: ['customerId'], bufferingInterval: Duration.seconds(30) },
      `${LAKE}: \`bufferingInterval\` must be an integer between 60 and 900 seconds with dynamic partitioning (\`partitionBy\`), got 30 seconds`],
    ['partitionBy with 30 s and 32 MiB: the interval first', { partitionBy: ['customerId'], bufferingInterval: Duration.seconds(30), bufferingSize: Size.mebibytes(32) },
      `${LAKE}: \`bufferingInterval\` must be an integer between 60 and 900 seconds with dynamic partitioning (\`partitionBy\`), got 30 seconds`],
    ['prefix without a slash', { prefix: 'events' }, `${LAKE}: \`prefix\` ${FOLDERS}, got 'events'`],
    ['prefix with a leading slash', { prefix: '/events/' }, `${LAKE}: \`prefix\` ${FOLDERS}, got '/events/'`],
    ['prefix with a space', { prefix: 'ev ents/' }, `${LAKE}: \`prefix\` ${FOLDERS}, got 'ev ents/'`],
    ['prefix with an expression', { prefix: 'a/!{x}/' }, `${LAKE}: \`prefix\` ${FOLDERS}, got 'a/!{x}/'`],
    ['prefix with an empty folder', { prefix: 'a//' }, `${LAKE}: \`prefix\` ${FOLDERS}, got 'a//'`],
    ['errorPrefix without a slash', { errorPrefix: 'errors' }, `${LAKE}: \`errorPrefix\` ${FOLDERS}, got 'errors'`],
    ['errorPrefix with the error type (the library adds it)', { errorPrefix: 'errors/!{firehose:error-output-type}/' },
      `${LAKE}: \`errorPrefix\` ${FOLDERS}, got 'errors/!{firehose:error-output-type}/'`],
    ['partitionBy year', { partitionBy: ['year'] },
      `${LAKE}: \`partitionBy\` field 'year' would be the partition 'year', which the date folders use: partition by another field`],
    ['partitionBy Month (folded)', { partitionBy: ['Month'] },
      `${LAKE}: \`partitionBy\` field 'Month' would be the partition 'month', which the date folders use: partition by another field`],
    ['partitionBy two fields folding to one name', { partitionBy: ['customerId', 'customerid'] },
      `${LAKE}: \`partitionBy\` fields 'customerId' and 'customerid' both become the partition 'customerid' `
      + '(partition names keep only a-z, 0-9 and _): keep one'],
    ['partitionBy a path and a field joining to one name', { partitionBy: ['device.type', 'device_type'] },
      `${LAKE}: \`partitionBy\` fields 'device.type' and 'device_type' both become the partition 'device_type' `
      + '(partition names keep only a-z, 0-9 and _): keep one'],
    ['partitionBy an empty segment', { partitionBy: ['customer..id'] },
      `${LAKE}: \`partitionBy\` field 'customer..id' ${FIELD_PATH}, got 'customer..id'`],
    ['partitionBy the whole record', { partitionBy: ['$'] }, `${LAKE}: \`partitionBy\` field '$' ${FIELD_PATH}, got '$'`],
    ['partitionBy a field with a space', { partitionBy: ['customer id'] },
      `${LAKE}: \`partitionBy\` field 'customer id' ${FIELD_PATH}, got 'customer id'`],
    ['prefix of 513 characters with the date folders', { prefix: `a${LONGEST_PREFIX}` },
      `${LAKE}: \`prefix\` with the partition folders must be at most 512 characters, got 513 ('a${LONGEST_PREFIX}${DATE_FOLDERS}'): `
      + 'shorten the folder or partition by fewer fields'],
    ['a partition folder past 512 characters', { prefix: LONGEST_PREFIX, partitionBy: ['c'] },
      `${LAKE}: \`prefix\` with the partition folders must be at most 512 characters, got 541 `
      + `('${LONGEST_PREFIX}c=!{partitionKeyFromQuery:c}/${DATE_FOLDERS}'): shorten the folder or partition by fewer fields`],
    ['errorPrefix past 512 characters', { errorPrefix: LONGEST_PREFIX },
      `${LAKE}: \`errorPrefix\` with the error-type and date folders must be at most 512 characters, got 542 `
      + `('${LONGEST_PREFIX}${ERROR_FOLDERS}'): shorten the folder`],
    ['databaseName My-DB', { format: parquet(), databaseName: 'My-DB' },
      `${LAKE}: \`databaseName\` must be 1-255 lower-case letters, digits and _ (Athena folds names to lower case), got 'My-DB'`],
    ['databaseName of 256 characters', { format: parquet(), databaseName: 'd'.repeat(256) },
      `${LAKE}: \`databaseName\` must be 1-255 lower-case letters, digits and _ (Athena folds names to lower case), got '${'d'.repeat(256)}'`],
    ['tableName Orders', { format: parquet(), tableName: 'Orders' },
      `${LAKE}: \`tableName\` must be 1-255 lower-case letters, digits and _ (Athena folds names to lower case), got 'Orders'`],
    ['empty tableName', { format: parquet(), tableName: '' },
      `${LAKE}: \`tableName\` must be 1-255 lower-case letters, digits and _ (Athena folds names to lower case), got ''`],
  ])('%s', (_name, props, message) => {
    expectInputError(buildLake(() => props), message);
  });

  test('a readerName that cannot name a reader', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');

    expectInputError(() => new ArchiveToLake(stack, 'Archive', { source: ingest, readerName: 'lake archive' }),
      `${LAKE}: \`readerName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got 'lake archive'`);
  });

  test('a refused lake is not left among the stream\'s readers', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');

    expect(() => new ArchiveToLake(stack, 'Archive', { source: ingest, partitionBy: ['year'] })).toThrow();
    expect(() => new ArchiveToLake(stack, 'Archive2', { source: ingest, format: parquet(), tableName: 'Orders' })).toThrow();
    expect(ingest.readers).toEqual([]);
  });

  test.each<[string, ArchiveToLakeProps]>([
    ['bufferingInterval 0 s and 1 MiB', { bufferingInterval: Duration.seconds(0), bufferingSize: Size.mebibytes(1) }],
    ['bufferingInterval 900 s and 128 MiB', { bufferingInterval: Duration.seconds(900), bufferingSize: Size.mebibytes(128) }],
    ['partitionBy with 60 s and 64 MiB', { partitionBy: ['customerId'], bufferingInterval: Duration.seconds(60) }],
    ['Parquet with 64 MiB', { format: parquet(), bufferingSize: Size.mebibytes(64) }],
    ['a prefix of 512 characters with the date folders', { prefix: LONGEST_PREFIX }],
  ])('the limits themselves are allowed: %s', (_name, props) => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', props);

    Template.fromStack(stack).resourceCountIs(DELIVERY_STREAM, 1);
  });
});

describe('ArchiveToLake refuses props it would ignore', () => {
  test.each<[string, (stack: Stack) => ArchiveToLakeProps, string]>([
    ['accessLogsBucket with a user bucket',
      stack => ({ bucket: new s3.Bucket(stack, 'MyLake'), accessLogsBucket: new s3.Bucket(stack, 'Logs') }),
      `${LAKE}: \`accessLogsBucket\` applies to the bucket the lake creates: set up access logs on your \`bucket\``],
    ['readerName without a source', () => ({ readerName: 'lake-archive' }),
      `${LAKE}: \`readerName\` names the lake among its source's readers, and there is no \`source\``],
    ['readLagThreshold without a source', () => ({ readLagThreshold: Duration.hours(1) }),
      `${LAKE}: \`readLagThreshold\` applies to reading a \`source\`, and there is none`],
    ['latencyObjective without a source', () => ({ latencyObjective: Duration.minutes(1) }),
      `${LAKE}: \`latencyObjective\` applies to reading a \`source\`, and there is none`],
    ['databaseName on a JSON lake', () => ({ databaseName: 'sales_lake' }),
      `${LAKE}: \`databaseName\` names the Glue database of a Parquet lake; this one stores JSON`],
    ['tableName on a JSON lake', () => ({ format: ArchiveFormat.json(), tableName: 'orders' }),
      `${LAKE}: \`tableName\` names the Glue table of a Parquet lake; this one stores JSON`],
    // Refused even when the value would itself be refused: the prop has no meaning here.
    ['an invalid databaseName on a JSON lake', () => ({ databaseName: 'My-DB' }),
      `${LAKE}: \`databaseName\` names the Glue database of a Parquet lake; this one stores JSON`],
  ])('%s', (_name, props, message) => {
    expectInputError(buildLake(props), message);
  });

  test('a refused lake is not left among the stream\'s readers', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');

    expect(() => new ArchiveToLake(stack, 'Archive', {
      source: ingest, bucket: new s3.Bucket(stack, 'MyLake'), accessLogsBucket: new s3.Bucket(stack, 'Logs'),
    })).toThrow();
    expect(() => new ArchiveToLake(stack, 'Archive2', { source: ingest, databaseName: 'sales_lake' })).toThrow();
    expect(ingest.readers).toEqual([]);
  });

  // Was refused as ignored: Firehose now writes the user's bucket with the key (see archive-to-lake.test.ts).
  test.each<[string, (stack: Stack) => s3.IBucket]>([
    ['an s3.Bucket', stack => new s3.Bucket(stack, 'MyLake')],
    ['an imported bucket', stack => s3.Bucket.fromBucketArn(stack, 'MyLake', 'arn:aws:s3:::my-lake')],
  ])('encryptionKey with %s is accepted', (_name, bucket) => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    const lake = new ArchiveToLake(stack, 'Archive', { source: ingest, bucket: bucket(stack), encryptionKey: new kms.Key(stack, 'Key') });

    expect(ingest.readers.map(r => r.readerName)).toEqual([lake.readerName]);
    Template.fromStack(stack).resourceCountIs(DELIVERY_STREAM, 1);
  });

  test('props given as undefined are not refused', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'MyLake');
    const lake = new ArchiveToLake(stack, 'Archive', {
      bucket,
      accessLogsBucket: undefined,
      encryptionKey: undefined,
      readerName: undefined,
      readLagThreshold: undefined,
      databaseName: undefined,
      tableName: undefined,
    });

    expect(lake.bucket).toBe(bucket);
    expect(lake.readerName).toBeUndefined();
    expect(lake.databaseName).toBeUndefined();
  });
});

describe('ArchiveToLake refuses alarm thresholds that would always or never fire', () => {
  const freshnessError = (buffering: number, got: number) => `${LAKE}: \`freshnessThreshold\` must be longer than the `
    + `${buffering}-second \`bufferingInterval\`, got ${got} seconds: records wait that long in the buffer on every delivery, `
    + 'so the alarm would always fire';
  const readLagError = (hours: number, got: number) => `${LAKE}: \`readLagThreshold\` must be shorter than the source's `
    + `${hours}-hour retention, got ${got} seconds: records expire from the stream before the alarm could fire`;

  test.each<[string, ArchiveToLakeProps, string]>([
    ['freshnessThreshold equal to the default 300-second interval', { freshnessThreshold: Duration.minutes(5) }, freshnessError(300, 300)],
    ['freshnessThreshold half a second short of it', { freshnessThreshold: Duration.millis(299500) }, freshnessError(300, 299.5)],
    ['freshnessThreshold below a 900-second interval', { bufferingInterval: Duration.seconds(900), freshnessThreshold: Duration.minutes(10) },
      freshnessError(900, 600)],
    ['freshnessThreshold 0 with zero buffering', { bufferingInterval: Duration.seconds(0), freshnessThreshold: Duration.seconds(0) },
      freshnessError(0, 0)],
    ['freshnessThreshold equal to the interval with partitionBy', {
      partitionBy: ['customerId'], bufferingInterval: Duration.seconds(60), freshnessThreshold: Duration.minutes(1),
    }, freshnessError(60, 60)],
    ['freshnessThreshold equal to the interval with Parquet', { format: parquet(), freshnessThreshold: Duration.seconds(300) },
      freshnessError(300, 300)],
  ])('%s', (_name, props, message) => {
    expectInputError(buildLake(() => props), message);
  });

  test.each<[string, Duration, Duration | undefined, string]>([
    ['readLagThreshold equal to the 24-hour retention', Duration.hours(24), undefined, readLagError(24, 86400)],
    ['readLagThreshold past it', Duration.days(2), undefined, readLagError(24, 172800)],
    ['readLagThreshold equal to a 7-day retention', Duration.days(7), Duration.days(7), readLagError(168, 604800)],
  ])('%s', (_name, readLagThreshold, retention, message) => {
    expectInputError(buildLake(stack => ({ source: new StreamingIngest(stack, 'Ingest', { retention }), readLagThreshold })), message);
  });

  test('readLagThreshold equal to the retention of a stream from elsewhere', () => {
    const stack = testStack();
    const source = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN), { retention: Duration.hours(48) });

    expectInputError(() => new ArchiveToLake(stack, 'Archive', { source, readLagThreshold: Duration.hours(48) }), readLagError(48, 172800));
  });

  test('a refused threshold leaves no reader behind', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');

    expect(() => new ArchiveToLake(stack, 'Archive', { source: ingest, freshnessThreshold: Duration.minutes(5) })).toThrow();
    expect(() => new ArchiveToLake(stack, 'Archive2', { source: ingest, readLagThreshold: Duration.hours(24) })).toThrow();
    expect(ingest.readers).toEqual([]);
  });

  test.each<[string, ArchiveToLakeProps, number]>([
    ['freshnessThreshold a second past the default interval', { freshnessThreshold: Duration.seconds(301) }, 301],
    ['freshnessThreshold a second past a 900-second interval', { bufferingInterval: Duration.seconds(900), freshnessThreshold: Duration.seconds(901) },
      901],
    ['freshnessThreshold of 1 second with zero buffering', { bufferingInterval: Duration.seconds(0), freshnessThreshold: Duration.seconds(1) }, 1],
  ])('just inside is accepted: %s', (_name, props, threshold) => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', props);

    Template.fromStack(stack).hasResourceProperties(ALARM, { MetricName: 'DeliveryToS3.DataFreshness', Threshold: threshold });
  });

  test.each<[string, Duration, Duration | undefined, number]>([
    ['readLagThreshold a second short of the 24-hour retention', Duration.seconds(86399), undefined, 86399000],
    ['readLagThreshold half a second short of it', Duration.millis(86399500), undefined, 86399500],
    ['readLagThreshold a second short of a 7-day retention', Duration.seconds(604799), Duration.days(7), 604799000],
  ])('just inside is accepted: %s', (_name, readLagThreshold, retention, threshold) => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest', { retention }), readLagThreshold });

    Template.fromStack(stack).hasResourceProperties(ALARM, { MetricName: 'KinesisMillisBehindLatest', Threshold: threshold });
  });
});

describe('ArchiveToLake refuses a latency objective that is no earlier warning than the backstop', () => {
  const objectiveError = (backstop: string, got: number) => `${LAKE}: \`latencyObjective\` must be longer than 0 and shorter than the `
    + `${backstop} read-lag backstop (\`readLagThreshold\`), got ${got} seconds: the latency alarm must fire before the data-loss backstop`;
  const defaultObjectiveError = (got: number) => `${LAKE}: \`readLagThreshold\` must be longer than the 5 minutes default `
    + `\`latencyObjective\`, got ${got} seconds: set a shorter \`latencyObjective\` as well`;

  test.each<[string, ArchiveToLakeProps, Duration | undefined, string]>([
    ['latencyObjective 0', { latencyObjective: Duration.seconds(0) }, undefined, objectiveError('6 hours', 0)],
    ['latencyObjective equal to the default backstop, a quarter of 24 hours', { latencyObjective: Duration.hours(6) }, undefined,
      objectiveError('6 hours', 21600)],
    ['latencyObjective past a 7-day retention\'s 42-hour backstop', { latencyObjective: Duration.hours(43) }, Duration.days(7),
      objectiveError('1 day 18 hours', 154800)],
    ['latencyObjective equal to readLagThreshold', { latencyObjective: Duration.minutes(30), readLagThreshold: Duration.minutes(30) }, undefined,
      objectiveError('30 minutes', 1800)],
    ['latencyObjective past readLagThreshold', { latencyObjective: Duration.hours(2), readLagThreshold: Duration.hours(1) }, undefined,
      objectiveError('1 hour', 7200)],
    ['readLagThreshold at the default 5-minute objective', { readLagThreshold: Duration.minutes(5) }, undefined, defaultObjectiveError(300)],
    ['readLagThreshold below it', { readLagThreshold: Duration.minutes(2) }, undefined, defaultObjectiveError(120)],
  ])('%s', (_name, props, retention, message) => {
    expectInputError(buildLake(stack => ({ source: new StreamingIngest(stack, 'Ingest', { retention }), ...props })), message);
  });

  test('a refused objective leaves no reader behind', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');

    expect(() => new ArchiveToLake(stack, 'Archive', { source: ingest, latencyObjective: Duration.hours(6) })).toThrow();
    expect(ingest.readers).toEqual([]);
  });

  test.each<[string, ArchiveToLakeProps, number]>([
    ['latencyObjective a second short of the default 6-hour backstop', { latencyObjective: Duration.seconds(21599) }, 21599000],
    ['latencyObjective of a millisecond', { latencyObjective: Duration.millis(1) }, 1],
    ['a short readLagThreshold with a shorter objective', { readLagThreshold: Duration.minutes(2), latencyObjective: Duration.minutes(1) }, 60000],
  ])('just inside is accepted: %s', (_name, props, threshold) => {
    const stack = testStack();
    const lake = new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest'), ...props });

    Template.fromStack(stack).hasResourceProperties(ALARM, { MetricName: 'KinesisMillisBehindLatest', Threshold: threshold });
    expect(lake.alarms.map(a => a.node.id)).toContain('ReadLatencyAlarm');
  });

  test('the objective and the backstop are stated to the source, for its plan', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest', { retention: Duration.days(7) });
    new ArchiveToLake(stack, 'Archive', { source: ingest, latencyObjective: Duration.minutes(2) });

    expect(ingest.readers.map(r => [r.latencyObjective?.toSeconds(), r.lagBackstop?.toSeconds()])).toEqual([[120, 151200]]);
  });

  test('a token latencyObjective is left to CloudFormation', () => {
    const stack = testStack();
    const figure = new CfnParameter(stack, 'Figure', { type: 'Number' }).valueAsNumber;
    new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest'), latencyObjective: Duration.millis(figure) });

    Template.fromStack(stack).hasResourceProperties(ALARM, { MetricName: 'KinesisMillisBehindLatest', Threshold: { Ref: 'Figure' } });
  });
});

describe('ArchiveToLake refuses a Parquet column named like a date partition', () => {
  /** A schema with an id and `column`. */
  const withColumn = (column: string) => new StreamSchema({
    name: 'Dated', columns: [{ name: 'id', type: ColumnType.STRING }, { name: column, type: ColumnType.INT }],
  });

  test.each(['year', 'month', 'day'])('a column %s', column => {
    expectInputError(buildLake(() => ({ format: ArchiveFormat.parquet(withColumn(column)) })),
      `${LAKE}: \`format\`: column '${column}' of \`StreamSchema\` 'Dated' is also a date partition of the lake (year, month, day): `
      + 'rename the column');
  });

  test('and leaves no reader behind', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');

    expect(() => new ArchiveToLake(stack, 'Archive', { source: ingest, format: ArchiveFormat.parquet(withColumn('day')) })).toThrow();
    expect(ingest.readers).toEqual([]);
  });

  test.each(['years', 'day_of_week', 'hour'])('a column %s is allowed', column => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { format: ArchiveFormat.parquet(withColumn(column)) });

    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        StorageDescriptor: Match.objectLike({ Columns: [{ Name: 'id', Type: 'string' }, { Name: column, Type: 'int' }] }),
      }),
    });
  });
});

describe('tokens', () => {
  test('a token bufferingSize is left to CloudFormation', () => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { bufferingSize: Size.mebibytes(numberToken(stack)) });

    Template.fromStack(stack).hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: { IntervalInSeconds: 300, SizeInMBs: { Ref: 'Figure' } } }),
    });
  });

  test('a token bufferingInterval is left to CloudFormation when freshnessThreshold is given', () => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { bufferingInterval: Duration.seconds(numberToken(stack)), freshnessThreshold: Duration.minutes(20) });
    const template = Template.fromStack(stack);

    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: { IntervalInSeconds: { Ref: 'Figure' }, SizeInMBs: 64 } }),
    });
    template.hasResourceProperties(ALARM, { MetricName: 'DeliveryToS3.DataFreshness', Threshold: 1200 });
  });

  test('a token databaseName and tableName are left to CloudFormation', () => {
    const stack = testStack();
    const databaseName = new CfnParameter(stack, 'DatabaseName').valueAsString;
    const tableName = new CfnParameter(stack, 'TableName').valueAsString;
    const lake = new ArchiveToLake(stack, 'Archive', { format: parquet(), databaseName, tableName });
    const template = Template.fromStack(stack);

    expect(lake.databaseName).toBe(databaseName);
    expect(lake.tableName).toBe(tableName);
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: { Ref: 'DatabaseName' } }) });
    template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: { Ref: 'DatabaseName' },
      TableInput: Match.objectLike({ Name: { Ref: 'TableName' } }),
    });
    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        DataFormatConversionConfiguration: Match.objectLike({
          SchemaConfiguration: Match.objectLike({ DatabaseName: { Ref: 'DatabaseName' } }),
        }),
      }),
    });
  });

  test('a token freshnessThreshold is left to CloudFormation', () => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest'), freshnessThreshold: Duration.seconds(numberToken(stack)) });

    Template.fromStack(stack).hasResourceProperties(ALARM, { MetricName: 'DeliveryToS3.DataFreshness', Threshold: { Ref: 'Figure' } });
  });

  // The alarm takes the threshold in milliseconds: a token in milliseconds is the one a token threshold can be.
  test('a token readLagThreshold is left to CloudFormation', () => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest'), readLagThreshold: Duration.millis(numberToken(stack)) });

    Template.fromStack(stack).hasResourceProperties(ALARM, { MetricName: 'KinesisMillisBehindLatest', Threshold: { Ref: 'Figure' } });
  });

  test('a token bufferingInterval leaves any freshnessThreshold to CloudFormation, even one it might not exceed', () => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { bufferingInterval: Duration.seconds(numberToken(stack)), freshnessThreshold: Duration.seconds(1) });
    const template = Template.fromStack(stack);

    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: { IntervalInSeconds: { Ref: 'Figure' }, SizeInMBs: 64 } }),
    });
    template.hasResourceProperties(ALARM, { MetricName: 'DeliveryToS3.DataFreshness', Threshold: 1 });
  });

  test('a token bufferingInterval is left to CloudFormation without freshnessThreshold', () => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { bufferingInterval: Duration.seconds(numberToken(stack)) });

    Template.fromStack(stack).hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: { IntervalInSeconds: { Ref: 'Figure' }, SizeInMBs: 64 } }),
    });
  });

  test.each<[string, (figure: number) => ArchiveToLakeProps, object]>([
    ['bufferingInterval with partitionBy',
      figure => ({ partitionBy: ['customerId'], bufferingInterval: Duration.seconds(figure), freshnessThreshold: Duration.minutes(20) }),
      { IntervalInSeconds: { Ref: 'Figure' }, SizeInMBs: 64 }],
    ['bufferingSize with partitionBy', figure => ({ partitionBy: ['customerId'], bufferingSize: Size.mebibytes(figure) }),
      { IntervalInSeconds: 300, SizeInMBs: { Ref: 'Figure' } }],
    ['bufferingSize with Parquet', figure => ({ format: parquet(), bufferingSize: Size.mebibytes(figure) }),
      { IntervalInSeconds: 300, SizeInMBs: { Ref: 'Figure' } }],
  ])('a token %s is left to CloudFormation', (_name, props, hints) => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', props(numberToken(stack)));

    Template.fromStack(stack).hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: hints }),
    });
  });
});
