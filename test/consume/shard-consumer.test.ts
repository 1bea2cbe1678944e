import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  addConsumer, CONSUMER, consumerIn, defaultPolicyId, expectInputError, getAtt, INGEST, ingestFixture, logicalId, ref, WARNING,
} from './consumer-helpers';
import { ShardConsumer, StreamingIngest, StreamReadMode, StreamSource } from '../../src';

const MAPPING = 'AWS::Lambda::EventSourceMapping';

describe('ShardConsumer defaults', () => {
  test('the mapping reads the stream from TRIM_HORIZON with bisecting, partial failures and bounded retries', () => {
    const { consumer, ingest, handler, template } = consumerIn();

    template().hasResource(MAPPING, {
      Properties: {
        EventSourceArn: getAtt(ingest.stream, 'Arn'),
        FunctionName: ref(handler),
        StartingPosition: 'TRIM_HORIZON',
        StartingPositionTimestamp: Match.absent(),
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 5,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 64800, // three quarters of the 24-hour retention: 6 hours left to replay
        ParallelizationFactor: 1,
        TumblingWindowInSeconds: Match.absent(),
        FilterCriteria: Match.absent(),
        DestinationConfig: { OnFailure: { Destination: getAtt(consumer.failureBucket!, 'Arn') } },
        // OnFailureDestinationDeliveredEventCount, for the given-up records alarm.
        MetricsConfig: { Metrics: ['EventCount'] },
      },
      // Lambda checks the read permission when the mapping is created.
      DependsOn: Match.arrayWith([defaultPolicyId(handler)]),
    });
    expect(consumer.handler).toBe(handler);
    expect(consumer.source).toBe(ingest);
    expect(consumer.streamConsumer).toBeUndefined();
    expect(logicalId(consumer.eventSourceMapping)).toBe(logicalId(consumer.node.findChild('Resource')));
    expect(consumer.failureQueue).toBeUndefined();
    expect(ingest.readers).toEqual([expect.objectContaining({ readerName: consumer.readerName, readMode: StreamReadMode.POLLING, path: CONSUMER })]);
  });

  test.each<[string, number, number]>([
    ['24 hours', 24, 64800], // 18 h: 6 h to replay
    ['48 hours', 48, 129600], // 36 h: 12 h to replay
    ['7 days', 168, 453600], // 126 h: 42 h to replay
    ['9 days', 216, 583200], // 162 h: 54 h to replay
    ['30 days', 720, 604800], // capped at Lambda's 7 days: 23 days to replay
  ])('maxRecordAge defaults to three quarters of the retention, at most 7 days (retention %s)', (_name, hours, seconds) => {
    const { template } = consumerIn({}, { retention: Duration.hours(hours) });

    template().hasResourceProperties(MAPPING, { MaximumRecordAgeInSeconds: seconds });
  });

  test('the consumer states its latency objective, lag backstop and give-up age when it binds, for the plan', () => {
    const { consumer, ingest } = consumerIn({ latencyObjective: Duration.minutes(2) }, { retention: Duration.days(7) });
    const [reader] = ingest.readers;

    expect(reader.path).toBe(consumer.node.path);
    expect(reader.latencyObjective?.toSeconds()).toBe(120);
    expect(reader.lagBackstop?.toSeconds()).toBe(151200); // 42 h: a quarter of the retention
    expect(reader.maxRecordAge?.toSeconds()).toBe(453600); // 126 h: 42 h left to replay
  });

  test('the defaults are stated too: 5-minute objective, 6-hour backstop, 18-hour give-up age on a 24-hour stream', () => {
    const { ingest } = consumerIn();
    const [reader] = ingest.readers;

    expect(reader.latencyObjective?.toSeconds()).toBe(300);
    expect(reader.lagBackstop?.toSeconds()).toBe(21600);
    expect(reader.maxRecordAge?.toSeconds()).toBe(64800);
  });

  test('the default failure bucket is versioned, encrypted, TLS only, private, retained, and keeps current objects', () => {
    const { consumer, template } = consumerIn();
    const bucket = consumer.failureBucket!;

    expect(bucket).toBeInstanceOf(s3.Bucket);
    expect(bucket.node.path).toBe(`${CONSUMER}/FailureBucket`);
    template().hasResource('AWS::S3::Bucket', {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'NoncurrentVersions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
            { Id: 'IncompleteUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
          ],
        },
        LoggingConfiguration: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // Failures are the only copy once the stream has trimmed them: no rule expires current objects.
    const rules = Object.values(template().findResources('AWS::S3::Bucket'))[0].Properties.LifecycleConfiguration.Rules;
    expect(rules.filter((r: any) => r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined)).toEqual([]);
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
    template().resourceCountIs('AWS::SQS::Queue', 0);
  });

  test('failureEncryptionKey and accessLogsBucket shape the new bucket', () => {
    const f = ingestFixture();
    const key = new kms.Key(f.stack, 'FailureKey');
    const logs = new s3.Bucket(f.stack, 'Logs');
    const consumer = addConsumer(f, { failureEncryptionKey: key, accessLogsBucket: logs });

    Template.fromStack(f.stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(key, 'Arn') },
          BucketKeyEnabled: true,
        }],
      },
      LoggingConfiguration: { DestinationBucketName: ref(logs), LogFilePrefix: 'shard-consumer-failures-access-logs/' },
    });
    expect(consumer.failureBucket!.encryptionKey).toBe(key);
  });

  test('the reader name defaults to one unique in the app, derived from the path', () => {
    const { consumer } = consumerIn();

    expect(consumer.readerName).toMatch(/^TestStackConsumer[0-9A-F]{8}$/);
  });
});

describe('ShardConsumer options reach the mapping', () => {
  test('every setting is passed through', () => {
    const filter = lambda.FilterCriteria.filter({ data: { type: lambda.FilterRule.isEqual('order') } });
    const { consumer, ingest, template } = consumerIn({
      readerName: 'fraud-check',
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 500,
      maxBatchingWindow: Duration.seconds(30),
      retryAttempts: 10,
      maxRecordAge: Duration.hours(2),
      bisectBatchOnError: false,
      reportBatchItemFailures: false,
      parallelizationFactor: 10,
      tumblingWindow: Duration.minutes(15),
      filters: [filter],
    });

    template().hasResourceProperties(MAPPING, {
      StartingPosition: 'LATEST',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 30,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 7200,
      BisectBatchOnFunctionError: false,
      FunctionResponseTypes: Match.absent(),
      ParallelizationFactor: 10,
      TumblingWindowInSeconds: 900,
      FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["order"]}}' }] },
    });
    expect(consumer.readerName).toBe('fraud-check');
    expect(ingest.readers.map(r => r.readerName)).toEqual(['fraud-check']);
  });

  test('AT_TIMESTAMP starts at the given time', () => {
    const { template } = consumerIn({ startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1700000000 });

    template().hasResourceProperties(MAPPING, { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1700000000 });
  });

  test('retryAttempts -1 retries until maxRecordAge, with an acknowledgeable warning', () => {
    const { stack, template } = consumerIn({ retryAttempts: -1 });

    template().hasResourceProperties(MAPPING, { MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: 64800 });
    Annotations.fromStack(stack).hasWarning(`/${CONSUMER}`,
      `${CONSUMER} retries failing batches until their records are 18 hours old (\`retryAttempts\` -1): a poison record holds its shard, `
      + 'and every record behind it, that long. Set a finite `retryAttempts` unless order matters more than latency. '
      + `[ack: ${WARNING.infiniteRetries}]`);
  });

  test('finite retries do not warn', () => {
    const { stack } = consumerIn({ retryAttempts: 0 });

    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(WARNING.infiniteRetries));
  });
});

describe('a failure destination given as onFailure', () => {
  test.each<[string, (scope: Construct) => [lambda.IEventSourceDlq, object]]>([
    ['SqsDlq', scope => {
      const queue = new sqs.Queue(scope, 'MyFailures');
      return [new sources.SqsDlq(queue), getAtt(queue, 'Arn')];
    }],
    ['SnsDlq', scope => {
      const topic = new sns.Topic(scope, 'MyFailures');
      return [new sources.SnsDlq(topic), ref(topic)];
    }],
    ['S3OnFailureDestination', scope => {
      const bucket = new s3.Bucket(scope, 'MyFailures');
      return [new sources.S3OnFailureDestination(bucket), getAtt(bucket, 'Arn')];
    }],
  ])('%s: is the mapping\'s destination; no bucket, no queue and no depth alarm are created', (_name, destination) => {
    const f = ingestFixture();
    const [onFailure, arn] = destination(f.stack);
    const consumer = addConsumer(f, { onFailure });
    const template = Template.fromStack(f.stack);

    template.hasResourceProperties(MAPPING, { DestinationConfig: { OnFailure: { Destination: arn } } });
    expect(consumer.failureQueue).toBeUndefined();
    expect(consumer.failureBucket).toBeUndefined();
    expect(consumer.node.tryFindChild('FailureBucket')).toBeUndefined();
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible' }, 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DestinationDeliveryFailures' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OnFailureDestinationDeliveredEventCount' });
  });
});

describe('failureBucket and failureQueue', () => {
  test('a given failureBucket is the destination, with the least-privilege grant; no bucket is created', () => {
    const f = ingestFixture();
    const bucket = new s3.Bucket(f.stack, 'MyFailures');
    const consumer = addConsumer(f, { failureBucket: bucket });
    const template = Template.fromStack(f.stack);

    expect(consumer.failureBucket).toBe(bucket);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties(MAPPING, { DestinationConfig: { OnFailure: { Destination: getAtt(bucket, 'Arn') } } });
  });

  test('a failureQueue is the destination, with a depth alarm; no bucket is created', () => {
    const f = ingestFixture();
    const queue = new sqs.Queue(f.stack, 'MyFailures');
    const consumer = addConsumer(f, { failureQueue: queue });
    const template = Template.fromStack(f.stack);

    expect(consumer.failureQueue).toBe(queue);
    expect(consumer.failureBucket).toBeUndefined();
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties(MAPPING, { DestinationConfig: { OnFailure: { Destination: getAtt(queue, 'Arn') } } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible' });
  });

  test.each<[string, (scope: Construct) => object, string]>([
    ['onFailure and failureBucket', scope => ({
      onFailure: new sources.SqsDlq(new sqs.Queue(scope, 'Q')), failureBucket: new s3.Bucket(scope, 'B'),
    }), '`onFailure`, `failureQueue` and `failureBucket` each set the failure destination: give at most one, got `onFailure` and `failureBucket`'],
    ['failureQueue and failureBucket', scope => ({ failureQueue: new sqs.Queue(scope, 'Q'), failureBucket: new s3.Bucket(scope, 'B') }),
      '`onFailure`, `failureQueue` and `failureBucket` each set the failure destination: give at most one, got `failureQueue` and `failureBucket`'],
    ['failureEncryptionKey with failureBucket', scope => ({ failureBucket: new s3.Bucket(scope, 'B'), failureEncryptionKey: new kms.Key(scope, 'K') }),
      '`failureEncryptionKey` applies to the failure bucket the consumer creates, but `failureBucket` was given: set it up on your destination instead'],
    ['accessLogsBucket with failureQueue', scope => ({ failureQueue: new sqs.Queue(scope, 'Q'), accessLogsBucket: new s3.Bucket(scope, 'L') }),
      '`accessLogsBucket` applies to the failure bucket the consumer creates, but `failureQueue` was given: set it up on your destination instead'],
  ])('%s together are refused', (_name, options, message) => {
    const f = ingestFixture();

    expectInputError(() => addConsumer(f, options(f.stack)), `${CONSUMER}: ${message}`);
  });
});

describe('destinations that keep pointers only are warned about, with the replay window', () => {
  const pointersOnly = (what: string, replay: string, window: string) => `${CONSUMER} records the batches Lambda gives up on in ${what}, `
    + `which receives their shard and sequence numbers, not the records: they can be replayed from ${INGEST} for ${replay} (${window}), `
    + 'then they are lost. Leave out `onFailure` and `failureQueue` for the S3 failure bucket, which keeps the records. '
    + `[ack: ${WARNING.failureDestinationKeepsPointers}]`;
  const shortReplay = (replay: string, window: string) => `${CONSUMER} leaves ${replay} to replay a record given up on before the stream `
    + `deletes it (${window}), and its failure destination keeps no copy: less than a day to notice, fix and replay. Lower \`maxRecordAge\`, `
    + `raise the retention, or use the S3 failure bucket. [ack: ${WARNING.shortReplayWindow}]`;

  test('failureQueue on a 24-hour stream: pointers only, and 6 hours is short', () => {
    const f = ingestFixture();
    addConsumer(f, { failureQueue: new sqs.Queue(f.stack, 'MyFailures') });
    const annotations = Annotations.fromStack(f.stack);
    const window = 'the 24-hour retention less `maxRecordAge` 18 hours';

    annotations.hasWarning(`/${CONSUMER}`, pointersOnly('the SQS queue `failureQueue`', '6 hours', window));
    annotations.hasWarning(`/${CONSUMER}`, shortReplay('6 hours', window));
  });

  test('SnsDlq on a 7-day stream: pointers only, but 42 hours is not short', () => {
    const f = ingestFixture({ retention: Duration.days(7) });
    addConsumer(f, { onFailure: new sources.SnsDlq(new sns.Topic(f.stack, 'MyFailures')) });
    const annotations = Annotations.fromStack(f.stack);

    annotations.hasWarning(`/${CONSUMER}`, pointersOnly('an SNS topic (`onFailure`)', '1 day 18 hours',
      'the 168-hour retention less `maxRecordAge` 5 days 6 hours'));
    annotations.hasNoWarning('*', Match.stringLikeRegexp(WARNING.shortReplayWindow));
  });

  test('SqsDlq with maxRecordAge 1 hour on a 24-hour stream: 23 hours is short', () => {
    const f = ingestFixture();
    addConsumer(f, { onFailure: new sources.SqsDlq(new sqs.Queue(f.stack, 'MyFailures')), maxRecordAge: Duration.hours(1) });

    Annotations.fromStack(f.stack).hasWarning(`/${CONSUMER}`, shortReplay('23 hours', 'the 24-hour retention less `maxRecordAge` 1 hour'));
  });

  test.each<[string, (scope: Construct) => object]>([
    ['the default bucket', () => ({})],
    ['a failureBucket', scope => ({ failureBucket: new s3.Bucket(scope, 'MyFailures') })],
    ['an S3OnFailureDestination', scope => ({ onFailure: new sources.S3OnFailureDestination(new s3.Bucket(scope, 'MyFailures')) })],
  ])('%s keeps the records: no warning', (_name, options) => {
    const f = ingestFixture();
    addConsumer(f, options(f.stack));
    const annotations = Annotations.fromStack(f.stack);

    annotations.hasNoWarning('*', Match.stringLikeRegexp(WARNING.failureDestinationKeepsPointers));
    annotations.hasNoWarning('*', Match.stringLikeRegexp(WARNING.shortReplayWindow));
  });
});

describe('the latency objective is checked against the batching window and the backstop', () => {
  const outOfRange = (window: number, backstop: number, got: number) => `${CONSUMER}: \`latencyObjective\` must be more than `
    + `\`maxBatchingWindow\` (${window} seconds) and less than \`iteratorAgeThreshold\` (${backstop} seconds), got ${got} seconds: `
    + 'Lambda may wait the batching window before invoking, so a shorter objective alarms on a healthy consumer, and the lag '
    + 'backstop must fire after the objective, not before';

  test.each<[string, object, string]>([
    ['equal to the default 5 s batching window', { latencyObjective: Duration.seconds(5) }, outOfRange(5, 21600, 5)],
    ['under a 60 s batching window', { latencyObjective: Duration.seconds(30), maxBatchingWindow: Duration.seconds(60) }, outOfRange(60, 21600, 30)],
    ['0 with no batching window', { latencyObjective: Duration.seconds(0), maxBatchingWindow: Duration.seconds(0) }, outOfRange(0, 21600, 0)],
    ['equal to the default 6-hour backstop', { latencyObjective: Duration.hours(6) }, outOfRange(5, 21600, 21600)],
    ['above an explicit backstop', { latencyObjective: Duration.minutes(20), iteratorAgeThreshold: Duration.minutes(10) }, outOfRange(5, 600, 1200)],
  ])('%s is refused', (_name, options, message) => {
    const f = ingestFixture();

    expectInputError(() => addConsumer(f, options), message);
    expect(f.ingest.readers).toEqual([]);
  });

  test('a CfnParameter objective is refused', () => {
    const f = ingestFixture();
    const param = new CfnParameter(f.stack, 'Objective', { type: 'Number' });

    expectInputError(() => addConsumer(f, { latencyObjective: Duration.seconds(param.valueAsNumber) }),
      `${CONSUMER}: \`latencyObjective\` must be known at synth, got an unresolved token (e.g. a CfnParameter): it is checked `
      + 'against `maxBatchingWindow` and `iteratorAgeThreshold`, so state it as a plain duration');
  });

  test.each<[string, object, number]>([
    ['a second over the batching window', { latencyObjective: Duration.seconds(6) }, 6000],
    ['a second under the backstop', { latencyObjective: Duration.seconds(21599) }, 21599000],
  ])('%s is accepted', (_name, options, threshold) => {
    const { template } = consumerIn(options);

    template().hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: threshold, EvaluationPeriods: 3 });
  });
});

describe('binding to the source', () => {
  test('a reader name taken by another consumer is refused', () => {
    const f = ingestFixture();
    addConsumer(f, { readerName: 'orders' }, 'First');

    expectInputError(() => addConsumer(f, { readerName: 'orders', enhancedFanOut: true }, 'Second'),
      `TestStack/Second: \`readerName\` 'orders' is already taken by TestStack/First on ${INGEST}: give each reader of a stream its own name`);
    Template.fromStack(f.stack).resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
  });

  test('an invalid reader name is refused with the consumer\'s path', () => {
    const f = ingestFixture();

    expectInputError(() => addConsumer(f, { readerName: 'fraud check' }),
      `${CONSUMER}: \`readerName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got 'fraud check'`);
  });

  test.each([false, true])('a second consumer of the stream with the same handler is refused (enhancedFanOut %s)', enhancedFanOut => {
    const f = ingestFixture();
    addConsumer(f);

    expectInputError(() => addConsumer(f, { handler: f.handler, enhancedFanOut }, 'Second'),
      `TestStack/Second: \`handler\` TestStack/Handler already reads ${INGEST} through ${CONSUMER}: `
      + 'Lambda allows one mapping per function and stream (or stream consumer); give this consumer its own function');
  });

  test('the same handler is refused through another source of the same stream too', () => {
    const f = ingestFixture();
    addConsumer(f);
    const sameStream = StreamSource.fromStream(f.ingest.stream);

    expectInputError(() => new ShardConsumer(f.stack, 'Second', { source: sameStream, handler: f.handler }),
      `TestStack/Second: \`handler\` TestStack/Handler already reads ${INGEST}/Resource through ${CONSUMER}: `
      + 'Lambda allows one mapping per function and stream (or stream consumer); give this consumer its own function');
  });

  test('one handler may read two streams, one consumer each', () => {
    const f = ingestFixture();
    const other = new StreamingIngest(f.stack, 'Other');
    addConsumer(f);
    new ShardConsumer(f.stack, 'OtherConsumer', { source: other, handler: f.handler });
    const template = Template.fromStack(f.stack);

    template.resourceCountIs(MAPPING, 2);
    for (const ingest of [f.ingest, other]) {
      template.hasResourceProperties(MAPPING, { FunctionName: ref(f.handler), EventSourceArn: getAtt(ingest.stream, 'Arn') });
    }
  });
});
