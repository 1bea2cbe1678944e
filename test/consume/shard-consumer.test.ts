import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import {
  addConsumer, CONSUMER, consumerIn, defaultPolicyId, expectInputError, getAtt, INGEST, ingestFixture, logicalId, ref, WARNING,
} from './consumer-helpers';
import {
  IStreamSource, ShardConsumer, StreamingIngest, StreamReader, StreamReaderOptions, StreamReadMode, StreamSource, StreamSourceBinding,
} from '../../src';

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
        MaximumRecordAgeInSeconds: 82800, // an hour short of the 24-hour retention
        ParallelizationFactor: 1,
        TumblingWindowInSeconds: Match.absent(),
        FilterCriteria: Match.absent(),
        DestinationConfig: { OnFailure: { Destination: getAtt(consumer.failureQueue!, 'Arn') } },
      },
      // Lambda checks the read permission when the mapping is created.
      DependsOn: Match.arrayWith([defaultPolicyId(handler)]),
    });
    expect(consumer.handler).toBe(handler);
    expect(consumer.source).toBe(ingest);
    expect(consumer.streamConsumer).toBeUndefined();
    expect(logicalId(consumer.eventSourceMapping)).toBe(logicalId(consumer.node.findChild('Resource')));
    expect(ingest.readers).toEqual([{ readerName: consumer.readerName, readMode: StreamReadMode.POLLING, path: CONSUMER }]);
  });

  test.each<[string, number, number]>([
    ['24 hours', 24, 82800],
    ['48 hours', 48, 169200],
    ['7 days', 168, 601200],
    ['30 days', 720, 604800], // 30 days less an hour: capped at Lambda's 7 days
  ])('maxRecordAge defaults to an hour less than the retention, at most 7 days (retention %s)', (_name, hours, seconds) => {
    const { template } = consumerIn({}, { retention: Duration.hours(hours) });

    template().hasResourceProperties(MAPPING, { MaximumRecordAgeInSeconds: seconds });
  });

  test('the default failure queue is encrypted, TLS only, keeps messages 14 days and is retained', () => {
    const { consumer, template } = consumerIn();
    const queue = consumer.failureQueue!;

    expect(queue).toBeInstanceOf(sqs.Queue);
    template().hasResource('AWS::SQS::Queue', {
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template().hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(queue)],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Resource: getAtt(queue, 'Arn'),
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
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

    template().hasResourceProperties(MAPPING, { MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: 82800 });
    Annotations.fromStack(stack).hasWarning(`/${CONSUMER}`,
      `${CONSUMER} retries failing batches until their records are 23 hours old (\`retryAttempts\` -1): a poison record holds its shard, `
      + 'and every record behind it, that long. Set a finite `retryAttempts` unless order matters more than latency. '
      + `[ack: ${WARNING.infiniteRetries}]`);
  });

  test('finite retries do not warn', () => {
    const { stack } = consumerIn({ retryAttempts: 0 });

    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(WARNING.infiniteRetries));
  });
});

describe('a failure destination given as onFailure', () => {
  test.each<[string, (scope: Construct) => [lambda.IEventSourceDlq, IConstruct, object]]>([
    ['SqsDlq', scope => {
      const queue = new sqs.Queue(scope, 'MyFailures');
      return [new sources.SqsDlq(queue), queue, getAtt(queue, 'Arn')];
    }],
    ['SnsDlq', scope => {
      const topic = new sns.Topic(scope, 'MyFailures');
      return [new sources.SnsDlq(topic), topic, ref(topic)];
    }],
    ['S3OnFailureDestination', scope => {
      const bucket = new s3.Bucket(scope, 'MyFailures');
      return [new sources.S3OnFailureDestination(bucket), bucket, getAtt(bucket, 'Arn')];
    }],
  ])('%s: is the mapping\'s destination; no queue and no depth alarm are created', (_name, destination) => {
    const f = ingestFixture();
    const [onFailure, resource, arn] = destination(f.stack);
    const consumer = addConsumer(f, { onFailure });
    const template = Template.fromStack(f.stack);

    template.hasResourceProperties(MAPPING, { DestinationConfig: { OnFailure: { Destination: arn } } });
    expect(consumer.failureQueue).toBeUndefined();
    expect(consumer.node.tryFindChild('FailureQueue')).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toEqual(resource instanceof sqs.Queue ? [logicalId(resource)] : []);
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible' }, 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DestinationDeliveryFailures' });
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

  test('a source that is not a Kinesis stream is refused', () => {
    const f = ingestFixture();

    expectInputError(() => new ShardConsumer(f.stack, 'Consumer', { source: new NotKinesisSource(), handler: f.handler }),
      `${CONSUMER}: \`source\` kafka://orders is not a Kinesis stream: ShardConsumer reads Kinesis sources`);
  });
});

/** A source of another service: its bindings carry no Kinesis stream. */
class NotKinesisSource implements IStreamSource {
  public readonly sourceName = 'kafka://orders';
  public readonly retention = Duration.hours(24);
  public readonly readers: StreamReader[] = [];

  public bindReader(scope: Construct, options: StreamReaderOptions): StreamSourceBinding {
    this.readers.push({ readerName: options.readerName, readMode: options.readMode ?? StreamReadMode.POLLING, path: scope.node.path });
    return {};
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.drop(grantee, 'read kafka://orders');
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.drop(grantee, 'write kafka://orders');
  }
}
