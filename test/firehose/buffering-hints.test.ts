import { CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import {
  BUFFERING_RANGES, BufferingRestriction, checkBufferingHints, dynamicPartitioning, recordFormatConversion,
} from '../../src/firehose/buffering-hints';
import { DestinationKind } from '../../src/firehose/destination-kind';
import { expectInputError } from '../input-errors';

const { S3, OPENSEARCH, OPENSEARCH_SERVERLESS, REDSHIFT } = DestinationKind;
const PARQUET = recordFormatConversion('Parquet conversion');
const PARTITIONING = dynamicPartitioning('dynamic partitioning (`partitionBy`)');

function hints(seconds: number, mib: number) {
  return { interval: Duration.seconds(seconds), size: Size.mebibytes(mib) };
}

describe('buffering ranges per destination kind, as the Firehose guide gives them', () => {
  test.each<[DestinationKind, number, number, number, number]>([
    [S3, 0, 900, 1, 128],
    [REDSHIFT, 0, 900, 1, 128],
    [OPENSEARCH, 0, 900, 1, 100],
    [OPENSEARCH_SERVERLESS, 0, 900, 1, 100],
  ])('%s: %d-%d seconds, %d-%d MiB', (kind, minSeconds, maxSeconds, minMib, maxMib) => {
    expect(BUFFERING_RANGES[kind]).toEqual({ minSeconds, maxSeconds, minMib, maxMib });
  });

  test('every destination kind has a range', () => {
    expect(Object.keys(BUFFERING_RANGES).sort()).toEqual(Object.values(DestinationKind).sort());
  });
});

describe('checkBufferingHints accepts the bounds', () => {
  test.each<[string, DestinationKind, number, number, BufferingRestriction[]]>([
    ['S3 zero buffering and 1 MiB', S3, 0, 1, []],
    ['S3 900 s and 128 MiB', S3, 900, 128, []],
    ['OpenSearch zero buffering and 1 MiB', OPENSEARCH, 0, 1, []],
    ['OpenSearch 900 s and 100 MiB', OPENSEARCH, 900, 100, []],
    ['OpenSearch Serverless 900 s and 100 MiB', OPENSEARCH_SERVERLESS, 900, 100, []],
    ['Redshift 900 s and 128 MiB', REDSHIFT, 900, 128, []],
    ['S3 with conversion: zero buffering and 64 MiB', S3, 0, 64, [PARQUET]],
    ['S3 with partitioning: 60 s and 64 MiB', S3, 60, 64, [PARTITIONING]],
    ['S3 with both: 900 s and 128 MiB', S3, 900, 128, [PARQUET, PARTITIONING]],
  ])('%s', (_name, kind, seconds, mib, restrictions) => {
    expect(() => checkBufferingHints(kind, hints(seconds, mib), restrictions)).not.toThrow();
  });
});

describe('checkBufferingHints refuses what Firehose would, naming the prop, the range with its unit and the value', () => {
  test.each<[string, DestinationKind, { interval: Duration; size: Size }, BufferingRestriction[], string]>([
    ['S3 interval 901 s', S3, hints(901, 64), [], '`bufferingInterval` must be an integer between 0 and 900 seconds, got 901'],
    ['S3 interval 1.5 s', S3, { interval: Duration.millis(1500), size: Size.mebibytes(64) }, [],
      '`bufferingInterval` must be an integer between 0 and 900 seconds, got 1.5'],
    ['S3 size 0 MiB', S3, hints(300, 0), [], '`bufferingSize` must be an integer between 1 and 128 MiB, got 0'],
    ['S3 size 129 MiB', S3, hints(300, 129), [], '`bufferingSize` must be an integer between 1 and 128 MiB, got 129'],
    ['S3 size 0.5 MiB', S3, { interval: Duration.seconds(300), size: Size.kibibytes(512) }, [],
      '`bufferingSize` must be an integer between 1 and 128 MiB, got 0.5'],
    ['OpenSearch size 101 MiB', OPENSEARCH, hints(300, 101), [], '`bufferingSize` must be an integer between 1 and 100 MiB, got 101'],
    ['OpenSearch interval 901 s', OPENSEARCH, hints(901, 5), [], '`bufferingInterval` must be an integer between 0 and 900 seconds, got 901'],
    ['OpenSearch Serverless size 101 MiB', OPENSEARCH_SERVERLESS, hints(300, 101), [],
      '`bufferingSize` must be an integer between 1 and 100 MiB, got 101'],
    ['Redshift size 129 MiB', REDSHIFT, hints(300, 129), [], '`bufferingSize` must be an integer between 1 and 128 MiB, got 129'],
    ['Redshift interval 901 s', REDSHIFT, hints(901, 5), [], '`bufferingInterval` must be an integer between 0 and 900 seconds, got 901'],
    ['conversion with 1 MiB', S3, hints(300, 1), [PARQUET],
      '`bufferingSize` must be an integer between 64 and 128 MiB with Parquet conversion, got 1 MiB'],
    ['conversion with 63 MiB', S3, hints(300, 63), [PARQUET],
      '`bufferingSize` must be an integer between 64 and 128 MiB with Parquet conversion, got 63 MiB'],
    ['conversion beyond the destination\'s maximum: the base range speaks', S3, hints(300, 129), [PARQUET],
      '`bufferingSize` must be an integer between 1 and 128 MiB, got 129'],
    ['partitioning with zero buffering', S3, hints(0, 64), [PARTITIONING],
      '`bufferingInterval` must be an integer between 60 and 900 seconds with dynamic partitioning (`partitionBy`), got 0 seconds'],
    ['partitioning with 59 s', S3, hints(59, 64), [PARTITIONING],
      '`bufferingInterval` must be an integer between 60 and 900 seconds with dynamic partitioning (`partitionBy`), got 59 seconds'],
    ['partitioning with 32 MiB', S3, hints(60, 32), [PARTITIONING],
      '`bufferingSize` must be an integer between 64 and 128 MiB with dynamic partitioning (`partitionBy`), got 32 MiB'],
    ['both with 32 MiB: the first restriction', S3, hints(60, 32), [PARQUET, PARTITIONING],
      '`bufferingSize` must be an integer between 64 and 128 MiB with Parquet conversion, got 32 MiB'],
    ['both with 30 s and 32 MiB: the interval first', S3, hints(30, 32), [PARQUET, PARTITIONING],
      '`bufferingInterval` must be an integer between 60 and 900 seconds with dynamic partitioning (`partitionBy`), got 30 seconds'],
  ])('%s', (_name, kind, given, restrictions, message) => {
    expectInputError(() => checkBufferingHints(kind, given, restrictions), message);
  });

  test('restrictions name the feature the way the caller turned it on', () => {
    expect(recordFormatConversion('ORC conversion')).toEqual({ feature: 'ORC conversion', minMib: 64 });
    expect(dynamicPartitioning('dynamic partitioning')).toEqual({ feature: 'dynamic partitioning', minSeconds: 60, minMib: 64 });
  });

  test('tokens are left to CloudFormation, restrictions included', () => {
    const stack = new Stack();
    const figure = new CfnParameter(stack, 'Figure', { type: 'Number' }).valueAsNumber;

    expect(() => checkBufferingHints(S3, { interval: Duration.seconds(figure), size: Size.mebibytes(figure) }, [PARQUET, PARTITIONING]))
      .not.toThrow();
  });
});
