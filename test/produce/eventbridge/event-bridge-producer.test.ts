import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EventBridgeProducer, EventBridgeProducerProps, PartitionKey, StreamingIngest } from '../../../src';
import { expectInputError } from '../../input-errors';
import { getAtt, ref } from '../../template-refs';
import { ingestFixture, kafkaTopicFixture, roleStatements } from '../produce-fixtures';

function producer(props: Partial<EventBridgeProducerProps> = {}, fixture = ingestFixture()) {
  const p = new EventBridgeProducer(fixture.stack, 'Orders', {
    source: fixture.ingest,
    eventPattern: { source: ['shop.orders'], detailType: ['OrderPlaced'] },
    recordsPerSecond: 200,
    ...props,
  });
  return { ...fixture, producer: p, template: Template.fromStack(fixture.stack) };
}

describe('EventBridgeProducer wiring', () => {
  test('a rule on the default bus puts each event on the stream keyed by the event id, with retries and a dead-letter queue', () => {
    const { ingest, producer: p, template } = producer();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: { 'source': ['shop.orders'], 'detail-type': ['OrderPlaced'] },
      State: 'ENABLED',
      Targets: [{
        Id: 'Target0',
        Arn: getAtt(ingest.stream, 'Arn'),
        RoleArn: getAtt(p.role, 'Arn'),
        KinesisParameters: { PartitionKeyPath: '$.id' },
        DeadLetterConfig: { Arn: getAtt(p.deadLetterQueue, 'Arn') },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      }],
    });
    expect(p.partitionKeyPath).toBe('$.id');
    // The dead-letter queue: encrypted, TLS only, 14 days, kept; only this rule may send to it.
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(p.deadLetterQueue)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: Match.stringLikeRegexp('^AllowEventBridgeRule[0-9a-f]{12}$'),
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: getAtt(p.deadLetterQueue, 'Arn'),
            Condition: { ArnEquals: { 'aws:SourceArn': getAtt(p.rule, 'Arn') } },
          },
        ]),
      },
    });
  });

  test.each([
    ['a field of the event', '$.detail.customerId', PartitionKey.field('detail.customerId')],
    ['a field written as a JSON path', '$.detail.customer-id', PartitionKey.field('$.detail.customer-id')],
    ['a random key (the event id)', '$.id', PartitionKey.random()],
  ])('the target\'s key for %s is the path %s', (_, path, partitionKey) => {
    const { producer: p, template } = producer({ partitionKey });
    expect(p.partitionKeyPath).toBe(path);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ KinesisParameters: { PartitionKeyPath: path } })],
    });
  });

  test('a custom bus, a name, a description, the retry policy and a queue of yours are used as given', () => {
    const f = ingestFixture();
    const bus = new events.EventBus(f.stack, 'Bus');
    const key = new kms.Key(f.stack, 'QueueKey');
    const queue = new sqs.Queue(f.stack, 'Dlq', { encryptionMasterKey: key });
    const { producer: p, template } = producer({
      eventBus: bus, ruleName: 'orders-to-stream', description: 'Orders', retryAttempts: 3, maxEventAge: Duration.minutes(10), deadLetterQueue: queue,
    }, f);
    expect(p.deadLetterQueue).toBe(queue);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: ref(bus),
      Name: 'orders-to-stream',
      Description: 'Orders',
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: getAtt(queue, 'Arn') }, RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 } })],
    });
    // SQS encrypts what EventBridge sends with the queue's key: EventBridge may use it.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*',
        }]),
      },
    });
  });

  test('an imported queue cannot be opened to EventBridge from here: warned', () => {
    const f = ingestFixture();
    const queue = sqs.Queue.fromQueueArn(f.stack, 'Dlq', 'arn:aws:sqs:us-east-1:111111111111:orders-dlq');
    const { stack } = producer({ deadLetterQueue: queue }, f);
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders',
      'the policy of the dead-letter queue TestStack/Dlq is imported, so this producer cannot let EventBridge use it: allow '
      + 'events.amazonaws.com sqs:SendMessage on the queue with the condition aws:SourceArn = the rule\'s ARN (and kms:GenerateDataKey and '
      + 'kms:Decrypt on its key, if it has one), or events EventBridge gives up on are lost. Acknowledge this warning once it is done. '
      + '[ack: cdk-streaming-pipelines:EventBridgeProducer:deadLetterQueueNotWritable]');
  });
});

describe('EventBridgeProducer role', () => {
  test('EventBridge assumes it and may put records on the stream, nothing else', () => {
    const { stack, ingest, producer: p, template } = producer();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      Description: 'EventBridge rule TestStack/Orders: putting events on the stream',
    });
    expect(roleStatements(template, stack, p.role)).toEqual([
      { Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: getAtt(ingest.stream, 'Arn') },
    ]);
  });

  test('with a customer-managed stream key, it may also encrypt with that key', () => {
    const f = ingestFixture();
    const key = new kms.Key(f.stack, 'StreamKey');
    const ingest = new StreamingIngest(f.stack, 'Encrypted', { workload: { ingestMibPerSecond: 1 }, encryptionKey: key });
    const { producer: p, template } = producer({}, { stack: f.stack, ingest });
    expect(roleStatements(template, f.stack, p.role)).toEqual([
      { Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: getAtt(ingest.stream, 'Arn') },
      { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Resource: getAtt(key, 'Arn') },
    ]);
  });
});

describe('EventBridgeProducer partition key and validation', () => {
  test('a constant key is refused: EventBridge takes a path, never a literal', () => {
    expectInputError(() => producer({ partitionKey: PartitionKey.constant('orders') }),
      'TestStack/Orders: `partitionKey` cannot be a constant for an EventBridge target, got the constant \'orders\': EventBridge takes '
      + 'the key from each event through a JSON path (PartitionKeyPath), never a literal. Use PartitionKey.field() with a field of the '
      + 'event (e.g. \'detail.customerId\') to keep each customer\'s events in order, or leave `partitionKey` out to key by the event id, '
      + 'which spreads evenly');
  });

  test('a field that usually has few values is warned about', () => {
    const { stack } = producer({ partitionKey: PartitionKey.field('detail.status') });
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders', Match.stringLikeRegexp(
      '^Partition key \'detail.status\' usually has only a few values: .*\\[ack: cdk-streaming-pipelines:EventBridgeProducer:partitionKeyLowCardinality\\]$'));
  });

  test('a key whose busiest value alone overflows a shard is an error', () => {
    expectInputError(() => producer({ partitionKey: PartitionKey.field('detail.customerId', { distinctValues: 2 }), recordsPerSecond: 5_000 }),
      'TestStack/Orders: `partitionKey` \'detail.customerId\': its busiest value carries 50% of writes = 2,500 records/s, but one key maps '
      + 'to one shard, which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: use a key with more distinct '
      + 'values, or add a suffix to spread the hot value (e.g. `detail.customerId#0`…`#9`)');
  });

  test.each([
    [{ partitionKey: PartitionKey.field('detail.customer id') }, '`partitionKey` must be a JSON path of field names joined by dots, like '
      + '\'customerId\', \'customer.id\' or \'$.customer.id\', got \'detail.customer id\''],
    [{ partitionKey: PartitionKey.field(`detail.${'a'.repeat(260)}`) }, `\`partitionKey\` becomes the JSON path '$.detail.${'a'.repeat(260)}', `
      + '269 characters: EventBridge\'s PartitionKeyPath takes at most 256'],
    [{ retryAttempts: 186 }, '`retryAttempts` must be an integer between 0 and 185, got 186'],
    [{ retryAttempts: 1.5 }, '`retryAttempts` must be an integer between 0 and 185, got 1.5'],
    [{ maxEventAge: Duration.seconds(59) }, '`maxEventAge` must be an integer between 60 and 86400 seconds (1 minute to 24 hours), got 59'],
    [{ maxEventAge: Duration.hours(25) }, '`maxEventAge` must be an integer between 60 and 86400 seconds (1 minute to 24 hours), got 90000'],
    [{ ruleName: 'orders/rule' }, '`ruleName` must be 1-64 letters, digits, \'.\', \'-\' and \'_\', got \'orders/rule\''],
    [{ recordsPerSecond: -1 }, '`recordsPerSecond` must be a finite number of records/s greater than 0, got -1'],
  ])('%#: invalid props are refused', (props, message) => {
    expectInputError(() => producer(props as Partial<EventBridgeProducerProps>), `TestStack/Orders: ${message}`);
  });

  test('0 retries is allowed: every failed event goes straight to the dead-letter queue', () => {
    const { template } = producer({ retryAttempts: 0, maxEventAge: Duration.seconds(60) });
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
    });
  });
});

describe('EventBridgeProducer alarms', () => {
  test('alarm on failed events, events lost, and events waiting in the dead-letter queue', () => {
    const { producer: p, template } = producer();
    expect(p.alarms).toHaveLength(3);
    const common = {
      ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, EvaluationPeriods: 1, DatapointsToAlarm: 1, TreatMissingData: 'notBreaching',
    };
    const rule = { Namespace: 'AWS/Events', Dimensions: [{ Name: 'RuleName', Value: ref(p.rule) }], Statistic: 'Sum', Period: 60 };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      ...rule,
      MetricName: 'FailedInvocations',
      AlarmDescription: Match.stringLikeRegexp('^EventBridge rule TestStack/Orders: EventBridge gave up putting events on the stream '
        + '\\(185 retries over at most 1 day, or an error it does not retry, such as a denied role or an empty partition key\\)'),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      ...rule,
      MetricName: 'InvocationsFailedToBeSentToDlq',
      AlarmDescription: {
        'Fn::Join': ['', [
          Match.stringLikeRegexp('^EventBridge rule TestStack/Orders: events EventBridge could not put on the stream could not be sent to '
            + 'the dead-letter queue either, and are LOST. Check that the queue $'),
          getAtt(p.deadLetterQueue, 'QueueName'),
          Match.anyValue(),
        ]],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(p.deadLetterQueue, 'QueueName') }],
      Statistic: 'Maximum',
      Period: 300,
    });
  });

  test('on a custom bus the metrics carry the bus name too', () => {
    const f = ingestFixture();
    const bus = new events.EventBus(f.stack, 'Bus');
    const { stack, producer: p } = producer({ eventBus: bus, createAlarms: false }, f);
    expect(stack.resolve(p.metricFailedInvocations().dimensions)).toEqual({ EventBusName: ref(bus), RuleName: ref(p.rule) });
    expect(p.alarms).toEqual([]);
    const onDefault = producer({ eventBus: events.EventBus.fromEventBusName(stack, 'Default', 'default') });
    expect(onDefault.stack.resolve(onDefault.producer.metricInvocationsSentToDlq().dimensions)).toEqual({ RuleName: ref(onDefault.producer.rule) });
    expect(onDefault.producer.metricInvocationsFailedToBeSentToDlq().metricName).toBe('InvocationsFailedToBeSentToDlq');
  });
});

describe('EventBridgeProducer as a writer of its source', () => {
  test('the source\'s plan counts the producer: writing more than the workload grows the stream, with a warning', () => {
    const shardsBefore = ingestFixture().ingest.plan!.shardCount;
    const { stack, ingest } = producer({ recordsPerSecond: 5_000 });
    expect(ingest.writers.map(w => [w.writerName, w.recordsPerSecond])).toEqual([['Orders', 5_000]]);
    expect(ingest.plan!.shardCount).toBeGreaterThan(shardsBefore);
    Annotations.fromStack(stack).hasWarning('/TestStack/Ingest', Match.stringLikeRegexp(
      '^The writers of TestStack/Ingest \\([A-Za-z]+ 5,000 records/s\\) put 5,000 records/s and [0-9.]+ MiB/s together, more than .*\\[ack: cdk-streaming-pipelines:StreamingIngest:writersAboveWorkload\\]$'));
  });

  test('a Kafka topic is refused, with the reason', () => {
    const { stack, topic } = kafkaTopicFixture();
    expectInputError(() => new EventBridgeProducer(stack, 'Orders', { source: topic, eventPattern: { source: ['shop.orders'] }, recordsPerSecond: 100 }),
      /^TestStack\/Orders: cannot write to .*: EventBridge has no Kafka target: neither rules nor Pipes write to Kafka/);
  });
});
