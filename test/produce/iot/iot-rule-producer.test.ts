import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IotRuleProducer, IotRuleProducerProps, IotSqlVersion, PartitionKey, StreamingIngest } from '../../../src';
import { expectInputError } from '../../input-errors';
import { getAtt, ref } from '../../template-refs';
import { ingestFixture, kafkaTopicFixture, roleStatements } from '../produce-fixtures';

const RULE_NAME = 'TestStack_Telemetry_EDDA9000';

function producer(props: Partial<IotRuleProducerProps> = {}, fixture = ingestFixture()) {
  const p = new IotRuleProducer(fixture.stack, 'Telemetry', {
    source: fixture.ingest,
    topicFilter: 'devices/+/telemetry',
    partitionKey: PartitionKey.field('deviceId'),
    recordsPerSecond: 200,
    ...props,
  });
  return { ...fixture, producer: p, template: Template.fromStack(fixture.stack) };
}

describe('IotRuleProducer wiring', () => {
  test('a topic rule puts each message on the stream with its key, and its error action keeps failed messages in a new bucket', () => {
    const { stack, ingest, producer: p, template } = producer();
    expect(p.ruleName).toBe(RULE_NAME);
    template.hasResourceProperties('AWS::IoT::TopicRule', {
      RuleName: RULE_NAME,
      TopicRulePayload: {
        Sql: 'SELECT * FROM \'devices/+/telemetry\'',
        AwsIotSqlVersion: '2016-03-23',
        RuleDisabled: false,
        Actions: [{ Kinesis: { StreamName: ref(ingest.stream), PartitionKey: '${deviceId}', RoleArn: getAtt(p.role, 'Arn') } }],
        ErrorAction: {
          S3: { BucketName: ref(p.failureBucket!), Key: 'iot-errors/${topic()}/${timestamp()}-${newuuid()}.json', RoleArn: getAtt(p.errorActionRole, 'Arn') },
        },
      },
    });
    expect(p.partitionKeyTemplate).toBe('${deviceId}');
    expect(p.failureQueue).toBeUndefined();
    // The failure bucket is the library's: versioned, encrypted, TLS only, retained.
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      },
    });
    expect(stack.resolve(p.ruleArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iot:us-east-1:111111111111:rule/${RULE_NAME}`]] });
  });

  test('the query is the given SQL with the given version; the rule takes the given name and description', () => {
    const { template } = producer({
      topicFilter: undefined,
      sql: 'SELECT *, timestamp() AS receivedAt FROM \'devices/+/telemetry\' WHERE temperature > 0',
      sqlVersion: IotSqlVersion.V2015_10_08,
      ruleName: 'telemetry_to_stream',
      description: 'Device telemetry',
    });
    template.hasResourceProperties('AWS::IoT::TopicRule', {
      RuleName: 'telemetry_to_stream',
      TopicRulePayload: Match.objectLike({
        Sql: 'SELECT *, timestamp() AS receivedAt FROM \'devices/+/telemetry\' WHERE temperature > 0',
        AwsIotSqlVersion: '2015-10-08',
        Description: 'Device telemetry',
      }),
    });
  });

  test.each([
    ['a payload field', '${deviceId}', PartitionKey.field('deviceId')],
    ['a nested payload field', '${device.serial_no}', PartitionKey.field('device.serial_no', { distinctValues: 10_000 })],
    ['a random key', '${newuuid()}', PartitionKey.random()],
  ])('the Kinesis action\'s key for %s is the substitution template %s', (_, template, partitionKey) => {
    const { producer: p, template: t } = producer({ partitionKey });
    expect(p.partitionKeyTemplate).toBe(template);
    t.hasResourceProperties('AWS::IoT::TopicRule', {
      TopicRulePayload: Match.objectLike({ Actions: [{ Kinesis: Match.objectLike({ PartitionKey: template }) }] }),
    });
  });

  test('the error action can write to a bucket of yours, or send to an SQS queue', () => {
    const f = ingestFixture();
    const bucket = new s3.Bucket(f.stack, 'Failures');
    const { producer: p, template } = producer({ failureBucket: bucket }, f);
    expect(p.failureBucket).toBe(bucket);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::IoT::TopicRule', {
      TopicRulePayload: Match.objectLike({ ErrorAction: { S3: Match.objectLike({ BucketName: ref(bucket) }) } }),
    });

    const g = ingestFixture();
    const queue = new sqs.Queue(g.stack, 'Failed');
    const q = producer({ failureQueue: queue }, g);
    expect(q.producer.failureQueue).toBe(queue);
    expect(q.producer.failureBucket).toBeUndefined();
    q.template.resourceCountIs('AWS::S3::Bucket', 0);
    q.template.hasResourceProperties('AWS::IoT::TopicRule', {
      TopicRulePayload: Match.objectLike({
        ErrorAction: { Sqs: { QueueUrl: ref(queue), RoleArn: getAtt(q.producer.errorActionRole, 'Arn'), UseBase64: false } },
      }),
    });
  });
});

describe('IotRuleProducer roles', () => {
  test('AWS IoT assumes each role for this rule only; the Kinesis action may put records and nothing else', () => {
    const { stack, ingest, producer: p, template } = producer();
    for (const role of [p.role, p.errorActionRole]) {
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: Match.absent(),
        AssumeRolePolicyDocument: {
          Statement: [{
            Effect: 'Allow',
            Principal: { Service: 'iot.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111' },
              ArnLike: { 'aws:SourceArn': stack.resolve(p.ruleArn) },
            },
          }],
        },
        Description: role === p.role
          ? `AWS IoT rule ${RULE_NAME}: putting records on the stream`
          : `AWS IoT rule ${RULE_NAME}: keeping the messages the rule fails to put on the stream`,
      });
    }
    expect(roleStatements(template, stack, p.role)).toEqual([
      { Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: getAtt(ingest.stream, 'Arn') },
    ]);
    expect(roleStatements(template, stack, p.errorActionRole)).toEqual([{
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [getAtt(p.failureBucket!, 'Arn'), '/iot-errors/*']] },
      Condition: { StringEquals: { 's3:ResourceAccount': '111111111111' } },
    }]);
  });

  test('with customer-managed keys, each role may use only the key of what it writes to', () => {
    const f = ingestFixture();
    const streamKey = new kms.Key(f.stack, 'StreamKey');
    const bucketKey = new kms.Key(f.stack, 'BucketKey');
    const fixture = { stack: f.stack, ingest: new StreamingIngest(f.stack, 'Encrypted', { workload: { ingestMibPerSecond: 1 }, encryptionKey: streamKey }) };
    const { producer: p, template } = producer({ failureEncryptionKey: bucketKey }, fixture);
    expect(roleStatements(template, f.stack, p.role)).toEqual([
      { Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: getAtt(fixture.ingest.stream, 'Arn') },
      { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Resource: getAtt(streamKey, 'Arn') },
    ]);
    expect(roleStatements(template, f.stack, p.errorActionRole)).toEqual([
      expect.objectContaining({ Action: 's3:PutObject' }),
      { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: getAtt(bucketKey, 'Arn') },
    ]);
  });
});

describe('IotRuleProducer partition key', () => {
  test('a constant key is refused, with what to use instead', () => {
    expectInputError(() => producer({ partitionKey: PartitionKey.constant('all') }),
      'TestStack/Telemetry: `partitionKey` must vary per message, got the constant \'all\': the rule would put every message on one '
      + 'shard, which caps the feed at 1 MiB/s and 1,000 records/s. Use PartitionKey.field() with a field of the payload '
      + '(e.g. \'deviceId\') to keep each device\'s messages in order, or PartitionKey.random() (${newuuid()}) when order does not matter');
  });

  test.each(['device-id', 'a}b', '${x}', 'x}/${newuuid()', '1st', 'device..id', 'device id'])('the field %p is refused: a template could not name it', field => {
    expectInputError(() => producer({ partitionKey: PartitionKey.field(field) }),
      'TestStack/Telemetry: `partitionKey` must be a payload field an AWS IoT substitution template can name: letters, digits and '
      + `underscores, not starting with a digit, nested fields joined by dots, like 'deviceId' or 'device.id', got '${field}'`);
  });

  test('a field that usually has few values is warned about', () => {
    const { stack } = producer({ partitionKey: PartitionKey.field('eventType') });
    Annotations.fromStack(stack).hasWarning('/TestStack/Telemetry', Match.stringLikeRegexp(
      '^Partition key \'eventType\' usually has only a few values: .*\\[ack: cdk-streaming-pipelines:IotRuleProducer:partitionKeyLowCardinality\\]$'));
  });

  test('a key whose busiest value alone overflows a shard is an error', () => {
    expectInputError(() => producer({ partitionKey: PartitionKey.field('deviceId', { distinctValues: 2 }), recordsPerSecond: 5_000 }),
      'TestStack/Telemetry: `partitionKey` \'deviceId\': its busiest value carries 50% of writes = 2,500 records/s, but one key maps to one '
      + 'shard, which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: use a key with more distinct values, '
      + 'or add a suffix to spread the hot value (e.g. `deviceId#0`…`#9`)');
  });

  test('a key named like an alias of the SELECT is warned about: templates see the original message', () => {
    const { stack } = producer({ topicFilter: undefined, sql: 'SELECT *, topic(2) AS deviceId FROM \'devices/+/telemetry\'' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Telemetry',
      'Partition key \'deviceId\' names an alias of the rule\'s SELECT (AS deviceId), but AWS IoT evaluates the key\'s substitution '
      + 'template against the original message, not the SELECT result: unless the payload itself has that field, every key is empty, '
      + 'Kinesis refuses every message and they all go to the error action. Key by a field the devices put in the payload, or '
      + 'acknowledge this warning if the payload has the field too. [ack: cdk-streaming-pipelines:IotRuleProducer:partitionKeyIsSqlAlias]');
    const plain = producer({ topicFilter: undefined, sql: 'SELECT *, topic(2) AS device FROM \'devices/+/telemetry\'' });
    Annotations.fromStack(plain.stack).hasNoWarning('/TestStack/Telemetry', Match.stringLikeRegexp('partitionKeyIsSqlAlias'));
  });
});

describe('IotRuleProducer validation', () => {
  test.each([
    [{ topicFilter: undefined }, '`sql` and `topicFilter` each give the rule\'s query: give exactly one, got neither'],
    [{ sql: 'SELECT * FROM \'a\'' }, '`sql` and `topicFilter` each give the rule\'s query: give exactly one, got both'],
    [{ topicFilter: undefined, sql: ' ' }, '`sql` must be a SELECT statement, e.g. "SELECT * FROM \'devices/+/telemetry\'", got an empty string'],
    [{ topicFilter: 'devices/+x/telemetry' }, '`topicFilter` must be an MQTT topic filter of at most 256 bytes, like \'devices/+/telemetry\' '
      + 'or \'devices/#\', but `+` must fill a whole level: got \'devices/+x/telemetry\''],
    [{ topicFilter: 'devices/#/telemetry' }, '`topicFilter` must be an MQTT topic filter of at most 256 bytes, like \'devices/+/telemetry\' '
      + 'or \'devices/#\', but `#` must be the whole last level: got \'devices/#/telemetry\''],
    [{ topicFilter: 'devices\'/x' }, '`topicFilter` must be an MQTT topic filter of at most 256 bytes, like \'devices/+/telemetry\' '
      + 'or \'devices/#\', but it contains a quote (\'): got \'devices\'/x\''],
    [{ topicFilter: '' }, '`topicFilter` must be an MQTT topic filter of at most 256 bytes, like \'devices/+/telemetry\' '
      + 'or \'devices/#\', but it is empty: got \'\''],
    [{ topicFilter: 'a'.repeat(257) }, '`topicFilter` must be an MQTT topic filter of at most 256 bytes, like \'devices/+/telemetry\' '
      + `or 'devices/#', but it is 257 bytes: got '${'a'.repeat(257)}'`],
    [{ ruleName: 'telemetry-rule' }, '`ruleName` must be 1-128 letters, digits and underscores, got \'telemetry-rule\''],
    [{ sqlVersion: '2017-01-01' as IotSqlVersion }, '`sqlVersion` must be one of \'2015-10-08\', \'2016-03-23\', \'beta\', got \'2017-01-01\''],
    [{ recordsPerSecond: 0 }, '`recordsPerSecond` must be a finite number of records/s greater than 0, got 0'],
  ])('%j is refused', (props, message) => {
    expectInputError(() => producer(props as Partial<IotRuleProducerProps>), `TestStack/Telemetry: ${message}`);
  });

  test('the failure destination is one bucket or one standard queue, and the new bucket\'s props need the new bucket', () => {
    const f = ingestFixture();
    const bucket = new s3.Bucket(f.stack, 'Failures');
    const queue = new sqs.Queue(f.stack, 'Failed');
    const fifo = new sqs.Queue(f.stack, 'Fifo', { fifo: true });
    const key = new kms.Key(f.stack, 'Key');
    let n = 0;
    const attempt = (props: Partial<IotRuleProducerProps>) => new IotRuleProducer(f.stack, `P${n++}`, {
      source: f.ingest, topicFilter: 'a/b', partitionKey: PartitionKey.random(), recordsPerSecond: 10, ...props,
    });
    expectInputError(() => attempt({ failureBucket: bucket, failureQueue: queue }),
      'TestStack/P0: `failureBucket` and `failureQueue` each set where failed messages go: give at most one, got both');
    expectInputError(() => attempt({ failureQueue: queue, failureEncryptionKey: key }),
      'TestStack/P1: `failureEncryptionKey` applies to the failure bucket the producer creates, but `failureQueue` was given: set it up on yours instead');
    expectInputError(() => attempt({ failureBucket: bucket, accessLogsBucket: bucket }),
      'TestStack/P2: `accessLogsBucket` applies to the failure bucket the producer creates, but `failureBucket` was given: set it up on yours instead');
    expectInputError(() => attempt({ failureQueue: fifo }),
      'TestStack/P3: `failureQueue` must be an SQS standard queue: AWS IoT\'s SQS action cannot send to a FIFO queue, got TestStack/Fifo');
  });

  test('the SQS error action may send to its queue and use its key, nothing else', () => {
    const f = ingestFixture();
    const key = new kms.Key(f.stack, 'QueueKey');
    const queue = new sqs.Queue(f.stack, 'Failed', { encryptionMasterKey: key });
    const { producer: p, template } = producer({ failureQueue: queue }, f);
    expect(roleStatements(template, f.stack, p.errorActionRole)).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(queue, 'Arn') },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: getAtt(key, 'Arn') },
    ]);
  });
});

describe('IotRuleProducer alarms', () => {
  test('alarm on messages kept by the error action, messages lost, and messages throttled by the rules engine', () => {
    const { producer: p, template } = producer();
    expect(p.alarms).toHaveLength(3);
    const common = {
      ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, EvaluationPeriods: 1, DatapointsToAlarm: 1, TreatMissingData: 'notBreaching',
    };
    const insights = (metric: string, label: string) => [{
      Id: 'expr_1', Expression: `SELECT SUM(${metric}) FROM "AWS/IoT" WHERE RuleName = '${RULE_NAME}'`, Label: label, Period: 60, ReturnData: true,
    }];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Metrics: insights('Failure', 'Failed rule actions'),
      AlarmDescription: {
        'Fn::Join': ['', [
          Match.stringLikeRegexp('^IoT rule TestStack/Telemetry: AWS IoT could not put messages on the stream .* the error action kept them. '
          + 'Each failed message is an object under s3://$'),
          ref(p.failureBucket!),
          Match.stringLikeRegexp('^/iot-errors/<topic>/, its payload base64-encoded in base64OriginalPayload. Find the cause'),
        ]],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Metrics: insights('ErrorActionFailure', 'Failed error actions'),
      AlarmDescription: Match.stringLikeRegexp('^IoT rule TestStack/Telemetry: the error action failed too, so messages the rule could not put '
        + 'on the stream are LOST'),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/IoT',
      MetricName: 'RuleMessageThrottled',
      Dimensions: [{ Name: 'RuleName', Value: RULE_NAME }],
      Statistic: 'Sum',
      Period: 60,
      AlarmDescription: Match.stringLikeRegexp('^IoT rule TestStack/Telemetry: the AWS IoT rules engine throttled messages of this rule'),
    });
  });

  test('metrics name the rule; createAlarms: false creates none', () => {
    const { producer: p, template } = producer({ createAlarms: false });
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter(id => id.startsWith('Telemetry'))).toEqual([]);
    expect(p.alarms).toEqual([]);
    const topicMatch = p.metricTopicMatch();
    expect([topicMatch.namespace, topicMatch.metricName, topicMatch.dimensions, topicMatch.statistic])
      .toEqual(['AWS/IoT', 'TopicMatch', { RuleName: RULE_NAME }, 'Sum']);
    expect(p.metricRuleMessageThrottled().metricName).toBe('RuleMessageThrottled');
    expect((p.metricActionFailures() as MathExpression).expression).toBe(`SELECT SUM(Failure) FROM "AWS/IoT" WHERE RuleName = '${RULE_NAME}'`);
    expect((p.metricErrorActionFailures() as MathExpression).expression)
      .toBe(`SELECT SUM(ErrorActionFailure) FROM "AWS/IoT" WHERE RuleName = '${RULE_NAME}'`);
  });
});

describe('IotRuleProducer as a writer of its source', () => {
  test('the source\'s plan counts the producer: writing more than the workload grows the stream, with a warning', () => {
    const quiet = ingestFixture();
    const shardsBefore = quiet.ingest.plan!.shardCount;
    const { stack, ingest } = producer({ partitionKey: PartitionKey.random(), recordsPerSecond: 5_000 });
    expect(ingest.writers.map(w => [w.writerName, w.recordsPerSecond, w.path])).toEqual([['Telemetry', 5_000, 'TestStack/Telemetry']]);
    expect(ingest.plan!.shardCount).toBeGreaterThan(shardsBefore);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: ingest.plan!.shardCount });
    Annotations.fromStack(stack).hasWarning('/TestStack/Ingest', Match.stringLikeRegexp(
      '^The writers of TestStack/Ingest \\([A-Za-z]+ 5,000 records/s\\) put 5,000 records/s and [0-9.]+ MiB/s together, more than .*\\[ack: cdk-streaming-pipelines:StreamingIngest:writersAboveWorkload\\]$'));
  });

  test('a Kafka topic is refused, with the reason', () => {
    const { stack, topic } = kafkaTopicFixture();
    expectInputError(() => new IotRuleProducer(stack, 'Telemetry', {
      source: topic, topicFilter: 'devices/+/telemetry', partitionKey: PartitionKey.random(), recordsPerSecond: 100,
    }), /^TestStack\/Telemetry: cannot write to .*: AWS IoT's Kafka rule action authenticates with SASL\/SCRAM, PLAIN, GSSAPI or TLS, and does not support IAM/);
  });
});
