import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { addConsumer, CONSUMER, ConsumerOptions, consumerIn, expectInputError, ingestFixture } from './consumer-helpers';

const MAPPING = 'AWS::Lambda::EventSourceMapping';
const RETENTION_24H = 'must be shorter than the source\'s 24-hour retention (86400 seconds)';
const NEVER_REACH = 'the stream would delete records before Lambda gives up on them, and they would never reach the failure destination';
/** The default maxRecordAge with 24 hours retention: three quarters of it, 18 hours. */
const DEFAULT_RECORD_AGE = 64800;

/** The refusal of an iteratorAgeThreshold of `got` seconds that is not strictly between 0 and `maxRecordAge` (`ceiling` seconds). */
function thresholdOutOfRange(ceiling: number, got: number): string {
  return `\`iteratorAgeThreshold\` must be more than 0 and less than \`maxRecordAge\` (${ceiling} seconds), got ${got} seconds: `
    + 'Lambda gives up on records at `maxRecordAge`, so the lag never reaches it';
}

/** The refusal of a startingPositionTimestamp beyond 1e11, taken for milliseconds. */
function timestampInMillis(got: string): string {
  return `\`startingPositionTimestamp\` looks like milliseconds: give Unix seconds (e.g. Math.floor(Date.now() / 1000)), got ${got}`;
}

/** `{ data: { key: ["x…x"] } }` as a filter whose JSON pattern is exactly `length` characters. */
function filterOfLength(length: number): { [key: string]: any } {
  const filter = lambda.FilterCriteria.filter({ data: { key: lambda.FilterRule.isEqual('x'.repeat(length - 21)) } });
  if (filter.pattern.length !== length) {
    throw new Error(`filterOfLength: built ${filter.pattern.length} characters, not ${length}`);
  }
  return filter;
}

const ONE_FILTER = lambda.FilterCriteria.filter({ data: { type: lambda.FilterRule.isEqual('order') } });

describe('settings outside Lambda\'s ranges are refused with the consumer\'s path', () => {
  test.each<[string, ConsumerOptions, string]>([
    ['batchSize 0', { batchSize: 0 }, '`batchSize` must be an integer between 1 and 10000, got 0'],
    ['batchSize 10001', { batchSize: 10001 }, '`batchSize` must be an integer between 1 and 10000, got 10001'],
    ['batchSize 1.5', { batchSize: 1.5 }, '`batchSize` must be an integer between 1 and 10000, got 1.5'],
    ['maxBatchingWindow 301 s', { maxBatchingWindow: Duration.seconds(301) },
      '`maxBatchingWindow` must be an integer between 0 and 300 seconds, got 301'],
    ['parallelizationFactor 0', { parallelizationFactor: 0 }, '`parallelizationFactor` must be an integer between 1 and 10, got 0'],
    ['parallelizationFactor 11', { parallelizationFactor: 11 }, '`parallelizationFactor` must be an integer between 1 and 10, got 11'],
    ['retryAttempts -2', { retryAttempts: -2 },
      '`retryAttempts` must be an integer between 0 and 10000 (or -1 to retry until `maxRecordAge`), got -2'],
    ['retryAttempts 10001', { retryAttempts: 10001 },
      '`retryAttempts` must be an integer between 0 and 10000 (or -1 to retry until `maxRecordAge`), got 10001'],
    ['maxRecordAge 59 s', { maxRecordAge: Duration.seconds(59) }, '`maxRecordAge` must be an integer between 60 and 604800 seconds, got 59'],
    // Beyond Lambda's 7 days, which is reported before the retention.
    ['maxRecordAge 8 days', { maxRecordAge: Duration.days(8) }, '`maxRecordAge` must be an integer between 60 and 604800 seconds, got 691200'],
    ['maxRecordAge 24 h (the retention)', { maxRecordAge: Duration.hours(24) }, `\`maxRecordAge\` ${RETENTION_24H}, got 86400 seconds: ${NEVER_REACH}`],
    ['maxRecordAge 25 h', { maxRecordAge: Duration.hours(25) }, `\`maxRecordAge\` ${RETENTION_24H}, got 90000 seconds: ${NEVER_REACH}`],
    ['tumblingWindow 901 s', { tumblingWindow: Duration.seconds(901) }, '`tumblingWindow` must be an integer between 0 and 900 seconds, got 901'],
    ['6 filters', { filters: Array(6).fill(ONE_FILTER) },
      '`filters` must hold at most 5 filters, got 6: combine patterns, or ask AWS for a higher quota and pass them to the mapping yourself'],
    ['a 4097-character filter', { filters: [ONE_FILTER, filterOfLength(4097)] }, '`filters[1]` pattern must be at most 4096 characters, got 4097'],
    ['AT_TIMESTAMP without a timestamp', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP },
      '`startingPosition` AT_TIMESTAMP needs `startingPositionTimestamp` (Unix seconds), got none'],
    ['a timestamp with the default TRIM_HORIZON', { startingPositionTimestamp: 1700000000 },
      '`startingPositionTimestamp` applies only to `startingPosition` AT_TIMESTAMP, got 1700000000 with TRIM_HORIZON: remove one of them'],
    ['a timestamp with LATEST', { startingPosition: lambda.StartingPosition.LATEST, startingPositionTimestamp: 1700000000 },
      '`startingPositionTimestamp` applies only to `startingPosition` AT_TIMESTAMP, got 1700000000 with LATEST: remove one of them'],
    ['a negative timestamp', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: -1 },
      '`startingPositionTimestamp` must be a finite number of Unix seconds greater than 0, got -1'],
    ['a zero timestamp', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 0 },
      '`startingPositionTimestamp` must be a finite number of Unix seconds greater than 0, got 0'],
    ['a timestamp in milliseconds', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1700000000000 },
      timestampInMillis('1700000000000')],
    ['a timestamp just beyond 1e11', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1e11 + 1 },
      timestampInMillis('100000000001')],
    ['iteratorAgeThreshold 0', { iteratorAgeThreshold: Duration.seconds(0) }, thresholdOutOfRange(DEFAULT_RECORD_AGE, 0)],
    // Lambda gives up on a record at maxRecordAge: the lag cannot stay at or above it.
    ['iteratorAgeThreshold equal to the default maxRecordAge', { iteratorAgeThreshold: Duration.hours(18) },
      thresholdOutOfRange(DEFAULT_RECORD_AGE, 64800)],
    ['iteratorAgeThreshold above the default maxRecordAge', { iteratorAgeThreshold: Duration.hours(19) },
      thresholdOutOfRange(DEFAULT_RECORD_AGE, 68400)],
    ['iteratorAgeThreshold equal to an explicit maxRecordAge', { maxRecordAge: Duration.seconds(60), iteratorAgeThreshold: Duration.seconds(60) },
      thresholdOutOfRange(60, 60)],
    ['iteratorAgeThreshold above an explicit maxRecordAge', { maxRecordAge: Duration.hours(1), iteratorAgeThreshold: Duration.minutes(61) },
      thresholdOutOfRange(3600, 3660)],
  ])('%s', (_name, options, message) => {
    const f = ingestFixture();

    expectInputError(() => addConsumer(f, options), `${CONSUMER}: ${message}`);
    // Checked before binding: the refused consumer is not counted as a reader.
    expect(f.ingest.readers).toEqual([]);
  });

  test('maxRecordAge is checked against the retention of the source', () => {
    const f = ingestFixture({ retention: Duration.hours(48) });

    expectInputError(() => addConsumer(f, { maxRecordAge: Duration.hours(48) }), `${CONSUMER}: \`maxRecordAge\` must be shorter than the `
      + `source's 48-hour retention (172800 seconds), got 172800 seconds: ${NEVER_REACH}`);
  });
});

describe('the limits themselves are accepted', () => {
  test.each<[string, ConsumerOptions, object]>([
    ['batchSize 1', { batchSize: 1 }, { BatchSize: 1 }],
    ['batchSize 10000', { batchSize: 10000 }, { BatchSize: 10000 }],
    ['maxBatchingWindow 0', { maxBatchingWindow: Duration.seconds(0) }, { MaximumBatchingWindowInSeconds: 0 }],
    ['maxBatchingWindow 300 s', { maxBatchingWindow: Duration.minutes(5) }, { MaximumBatchingWindowInSeconds: 300 }],
    ['retryAttempts 0', { retryAttempts: 0 }, { MaximumRetryAttempts: 0 }],
    ['retryAttempts 10000', { retryAttempts: 10000 }, { MaximumRetryAttempts: 10000 }],
    ['maxRecordAge 60 s', { maxRecordAge: Duration.seconds(60) }, { MaximumRecordAgeInSeconds: 60 }],
    ['maxRecordAge a second under the retention', { maxRecordAge: Duration.seconds(86399) }, { MaximumRecordAgeInSeconds: 86399 }],
    ['tumblingWindow 0', { tumblingWindow: Duration.seconds(0) }, { TumblingWindowInSeconds: 0 }],
    ['5 filters', { filters: Array(5).fill(ONE_FILTER) }, { FilterCriteria: { Filters: Array(5).fill({ Pattern: ONE_FILTER.pattern }) } }],
    ['a 4096-character filter', { filters: [filterOfLength(4096)] }, { FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('^.{4096}$') }] } }],
    ['AT_TIMESTAMP at 1', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1 },
      { StartingPositionTimestamp: 1 }],
    ['AT_TIMESTAMP at 1e11, the largest taken for seconds', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1e11 },
      { StartingPositionTimestamp: 100000000000 }],
  ])('%s', (_name, options, properties) => {
    const { template } = consumerIn(options);

    template().hasResourceProperties(MAPPING, properties);
  });

  test.each<[string, ConsumerOptions, number, number]>([
    ['30 s, under the former 1-minute minimum', { iteratorAgeThreshold: Duration.seconds(30) }, DEFAULT_RECORD_AGE, 30000],
    ['a second under the default maxRecordAge', { iteratorAgeThreshold: Duration.seconds(64799) }, DEFAULT_RECORD_AGE, 64799000],
    ['59 s under a 60 s maxRecordAge', { maxRecordAge: Duration.seconds(60), iteratorAgeThreshold: Duration.seconds(59) }, 60, 59000],
  ])('iteratorAgeThreshold %s is the alarm\'s threshold', (_name, options, recordAge, threshold) => {
    const { template } = consumerIn(options);

    template().hasResourceProperties(MAPPING, { MaximumRecordAgeInSeconds: recordAge });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: threshold });
  });

  // The default threshold is half of a short maxRecordAge, in whole seconds, with no 1-minute floor: always below maxRecordAge.
  test.each([[60, 30000], [118, 59000], [119, 60000]])('maxRecordAge %d s alone is accepted, the alarm at %d ms', (seconds, threshold) => {
    const { template } = consumerIn({ maxRecordAge: Duration.seconds(seconds) });

    template().hasResourceProperties(MAPPING, { MaximumRecordAgeInSeconds: seconds });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: threshold });
  });

  test('maxRecordAge of 7 days with 30 days retention', () => {
    const { template } = consumerIn({ maxRecordAge: Duration.days(7) }, { retention: Duration.days(30) });

    template().hasResourceProperties(MAPPING, { MaximumRecordAgeInSeconds: 604800 });
  });
});

describe('tokens are left to CloudFormation', () => {
  test.each<[string, (p: number) => ConsumerOptions, string]>([
    ['batchSize', p => ({ batchSize: p }), 'BatchSize'],
    ['maxBatchingWindow', p => ({ maxBatchingWindow: Duration.seconds(p) }), 'MaximumBatchingWindowInSeconds'],
    ['parallelizationFactor', p => ({ parallelizationFactor: p }), 'ParallelizationFactor'],
    ['retryAttempts', p => ({ retryAttempts: p }), 'MaximumRetryAttempts'],
    ['tumblingWindow', p => ({ tumblingWindow: Duration.seconds(p) }), 'TumblingWindowInSeconds'],
    ['startingPositionTimestamp', p => ({ startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: p }),
      'StartingPositionTimestamp'],
  ])('%s from a CfnParameter passes unchecked', (_name, options, property) => {
    const f = ingestFixture();
    const param = new CfnParameter(f.stack, 'Setting', { type: 'Number' });
    addConsumer(f, options(param.valueAsNumber));

    Template.fromStack(f.stack).hasResourceProperties(MAPPING, { [property]: { Ref: 'Setting' } });
  });

  // aws-cdk-lib's EventSourceMapping cannot take a token maxRecordAge, and the library compares it with the retention.
  test('maxRecordAge from a CfnParameter is refused with a clear message', () => {
    const f = ingestFixture();
    const param = new CfnParameter(f.stack, 'Setting', { type: 'Number' });

    expectInputError(() => addConsumer(f, { maxRecordAge: Duration.seconds(param.valueAsNumber) }),
      'TestStack/Consumer: `maxRecordAge` must be known at synth, got an unresolved token (e.g. a CfnParameter): it is checked '
      + 'against the source\'s retention and sets the lag alarm, so state it as a plain duration');
  });
});
