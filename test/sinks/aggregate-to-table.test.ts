import { Annotations as CoreAnnotations, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  acknowledgements, actionsOn, addAggregate, AGG, AGG_CONSUMER, aggregateConfig, AggregateOptions, aggregateIn, BASE_PROPS, expectInputError,
  functionRole, functionStatements, getAtt, INGEST, logicalId, ref, registeredSinkFixture, sinkFixture, WARNING,
} from './sink-helpers';
import {
  AggregateMeasure, AggregateToTable, ShardConsumer, StreamingIngest, StreamingIngestProps, StreamReadMode, StreamSource,
} from '../../src';
import { testStack } from '../app-fixture';

const TABLE = 'AWS::DynamoDB::Table';
const FUNCTION = 'AWS::Lambda::Function';
const MAPPING = 'AWS::Lambda::EventSourceMapping';
const ALARM = 'AWS::CloudWatch::Alarm';
const LOG_GROUP = 'AWS::Logs::LogGroup';
const THIRTY_DAYS = 30 * 24 * 3600;
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
const BASIC_EXECUTION_ROLE = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

describe('AggregateToTable defaults', () => {
  test('a new table: key (S) + windowStart (S), on demand, PITR, AWS-managed KMS, TTL on expiresAt, retained', () => {
    const { agg, template } = aggregateIn();

    template().resourceCountIs(TABLE, 1);
    template().hasResource(TABLE, {
      Properties: {
        KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }, { AttributeName: 'windowStart', KeyType: 'RANGE' }],
        AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }, { AttributeName: 'windowStart', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        ProvisionedThroughput: Match.absent(),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSEEnabled without a key: KMS with the AWS-managed key (not the default AWS-owned one).
        SSESpecification: Match.objectEquals({ SSEEnabled: true }),
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(agg.table).toBeInstanceOf(dynamodb.Table);
    expect(agg.table.node.path).toBe(`${AGG}/Table`);
  });

  test('the function: nodejs24.x on arm64, 1024 MiB, 5 minutes, with the table name and the config in its environment', () => {
    const { agg, template } = aggregateIn({
      keyField: '$.customer.id',
      measures: [AggregateMeasure.count(), AggregateMeasure.sum('$.amount'), AggregateMeasure.min('order.total')],
    });

    template().hasResourceProperties(FUNCTION, {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 300,
      Description: `Aggregates ${INGEST} per $.customer.id over 1 minute windows`,
      Environment: {
        Variables: Match.objectEquals({
          AGGREGATE_TABLE_NAME: ref(agg.table),
          AGGREGATE_FAILURE_BUCKET: ref(agg.failureBucket),
          AGGREGATE_CONFIG: JSON.stringify({
            keyPath: ['customer', 'id'],
            measures: [
              { attribute: 'count', kind: 'count' },
              { attribute: 'sum_amount', kind: 'sum', path: ['amount'] },
              { attribute: 'min_order_total', kind: 'min', path: ['order', 'total'] },
            ],
            expireAfterSeconds: THIRTY_DAYS,
            maxBatchSize: 100,
            failurePrefix: 'aggregate-failures/',
          }),
        }),
      },
    });
    expect(logicalId(agg.function)).toBe(logicalId(agg.node.findChild('Function')));
  });

  test('measures default to a count', () => {
    const { agg, template } = aggregateIn();

    expect(aggregateConfig(template(), agg)).toEqual({
      keyPath: ['customerId'],
      measures: [{ attribute: 'count', kind: 'count' }],
      expireAfterSeconds: THIRTY_DAYS,
      maxBatchSize: 100,
      failurePrefix: 'aggregate-failures/',
    });
    expect(agg.measures.map(m => m.attribute)).toEqual(['count']);
  });

  test.each<[string, AggregateOptions, number]>([
    ['a second past the default maxRecordAge (18 hours) plus the window', { expireAfter: Duration.seconds(64861) }, 64861],
    ['a second past a maxRecordAge of 1 minute plus the window, the shortest', { expireAfter: Duration.seconds(121), maxRecordAge: Duration.minutes(1) }, 121],
    ['7 days', { expireAfter: Duration.days(7) }, 604800],
    ['365 days', { expireAfter: Duration.days(365) }, 31536000],
  ])('expireAfter %s reaches the handler in seconds', (_name, options, seconds) => {
    const { agg, template } = aggregateIn(options);

    expect(aggregateConfig(template(), agg)).toMatchObject({ expireAfterSeconds: seconds });
  });

  test('the batch size reaches the handler, which relies on no batch being larger', () => {
    const { agg, template } = aggregateIn({ batchSize: 1000 });

    expect(aggregateConfig(template(), agg)).toMatchObject({ maxBatchSize: 1000 });
    template().hasResourceProperties(MAPPING, { BatchSize: 1000 });
  });

  test('a batch size past 1,000 is refused: the state lists the records of the last batchSize, batch by batch', () => {
    expectInputError(() => addAggregate(sinkFixture(), { batchSize: 1001 }),
      `${AGG}: \`batchSize\` must be at most 1,000 for an aggregate, got 1001: its window state lists the records of the last `
      + '`batchSize` it read, batch by batch, within Lambda\'s 1 MB');
  });

  test('memorySize and timeout are the function\'s, at their limits too', () => {
    const { template } = aggregateIn({ memorySize: 10240, timeout: Duration.minutes(15) });
    const small = aggregateIn({ memorySize: 128, timeout: Duration.seconds(1) });

    template().hasResourceProperties(FUNCTION, { MemorySize: 10240, Timeout: 900 });
    small.template().hasResourceProperties(FUNCTION, { MemorySize: 128, Timeout: 1 });
  });

  test('the function logs to its own log group, kept 3 months and retained with the stack deleted', () => {
    const { agg, template } = aggregateIn();
    const logGroups = template().findResources(LOG_GROUP);

    expect(Object.values(logGroups)).toEqual([{
      Type: LOG_GROUP,
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    }]);
    template().hasResourceProperties(FUNCTION, { LoggingConfig: { LogGroup: { Ref: Object.keys(logGroups)[0] } } });
    expect((agg.function as lambda.Function).logGroup.node.path).toBe(`${AGG}/Logs`);
  });

  test.each<[string, logs.RetentionDays, object]>([
    ['one year', logs.RetentionDays.ONE_YEAR, { RetentionInDays: 365 }],
    ['one day', logs.RetentionDays.ONE_DAY, { RetentionInDays: 1 }],
    ['forever', logs.RetentionDays.INFINITE, { RetentionInDays: Match.absent() }],
  ])('logRetention %s is the log group\'s', (_name, logRetention, properties) => {
    const { template } = aggregateIn({ logRetention });

    template().resourceCountIs(LOG_GROUP, 1);
    template().hasResourceProperties(LOG_GROUP, properties);
  });

  test('the function may read and write the table and read the stream', () => {
    const { agg, ingest, template } = aggregateIn();
    const statements = functionStatements(template(), agg);

    // Exactly what the handler calls: it reads an item, creates it and merges into it; no query, scan or delete.
    expect(actionsOn(statements, getAtt(agg.table, 'Arn'))).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(actionsOn(statements, getAtt(ingest.stream, 'Arn'))).toEqual(expect.arrayContaining([
      'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:DescribeStreamSummary',
    ]));
  });

  test('the role acknowledges AwsSolutions-IAM4 for the basic execution role and IAM5 for the failure prefix, with reasons', () => {
    const { agg } = aggregateIn();

    expect(acknowledgements(functionRole(agg))).toEqual([
      { [`Annotation::AwsSolutions-IAM5[Resource::<${logicalId(agg.failureBucket)}.Arn>/aggregate-failures/*]`]: expect.stringMatching(/PutObject only/) },
      { [`Annotation::${BASIC_EXECUTION_ROLE}`]: expect.stringMatching(/AWSLambdaBasicExecutionRole/) },
      { [`Annotation::AwsSolutions-IAM5[Resource::<${logicalId(agg.failureBucket)}.Arn>/aws/lambda/*]`]: expect.stringMatching(/under aws\/lambda\/ only/) },
    ]);
  });

  test('cdk-nag AwsSolutions finds nothing in the aggregate, but does find a plain function\'s role (the check is live)', () => {
    const { stack } = aggregateIn();
    new lambda.Function(stack, 'Plain', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });

    const findings = new AwsSolutionsChecks().validateScope(stack).violations
      .flatMap(v => v.violatingResources.map(r => `${v.ruleName} ${r.constructPath}`));

    expect(findings.filter(f => f.includes(`${AGG}/`))).toEqual([]);
    expect(findings).toContain(`${BASIC_EXECUTION_ROLE} TestStack/Plain/ServiceRole/Resource`);
  });

  test('the consumer, the function, the table and the alarms are exposed', () => {
    const { agg, ingest } = aggregateIn();

    expect(agg.consumer).toBeInstanceOf(ShardConsumer);
    expect(agg.consumer.node.path).toBe(AGG_CONSUMER);
    expect(agg.consumer.handler).toBe(agg.function);
    expect(agg.consumer.source).toBe(ingest);
    expect(agg.function).toBeInstanceOf(lambda.Function);
    expect(agg.failureBucket).toBeInstanceOf(s3.Bucket);
    expect(agg.failureBucket.node.path).toBe(`${AGG}/FailureBucket`);
    expect(agg.failurePrefix).toBe('aggregate-failures/');
    expect(agg.alarms).toHaveLength(10);
    expect(agg.alarms.slice(0, 6)).toEqual(agg.consumer.alarms);
    expect(agg.alarms.slice(6).map(a => a.node.path)).toEqual(
      ['FailedRecordsAlarm', 'UnstorableAggregatesAlarm', 'TableThrottleAlarm', 'MergeRetriesAlarm'].map(id => `${AGG}/${id}`));
  });

  test('a default aggregate raises no warning', () => {
    const { stack } = aggregateIn();

    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('AggregateToTable event source mapping', () => {
  test('tumbling windows of `window`, one batch per shard, bisecting, no partial failures', () => {
    const { agg, ingest, template } = aggregateIn();

    template().resourceCountIs(MAPPING, 1);
    template().hasResource(MAPPING, {
      Properties: {
        EventSourceArn: getAtt(ingest.stream, 'Arn'),
        FunctionName: ref(agg.function),
        TumblingWindowInSeconds: 60,
        ParallelizationFactor: 1,
        BisectBatchOnFunctionError: true,
        // A malformed record goes to the failure store: the handler never reports one as failed.
        FunctionResponseTypes: Match.absent(),
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 64800, // three quarters of the 24-hour retention
        FilterCriteria: Match.absent(),
        // One place for failures: Lambda's given-up batches go to the aggregate's failure bucket, under aws/lambda/.
        DestinationConfig: { OnFailure: { Destination: getAtt(agg.failureBucket, 'Arn') } },
      },
      DependsOn: Match.arrayWith([logicalId(functionRole(agg).node.findChild('DefaultPolicy'))]),
    });
    expect(agg.consumer.failureBucket).toBe(agg.failureBucket);
    template().resourceCountIs('AWS::S3::Bucket', 1);
    expect(ingest.readers).toEqual([
      expect.objectContaining({ readerName: agg.consumer.readerName, readMode: StreamReadMode.POLLING, path: AGG_CONSUMER }),
    ]);
  });

  test('the consumer states the default 5-minute latency objective: the tumbling window does not delay IteratorAge', () => {
    const { ingest, template } = aggregateIn({ window: Duration.minutes(15) });

    expect(ingest.readers[0].latencyObjective?.toSeconds()).toBe(300);
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 300000, EvaluationPeriods: 3 });
  });

  test.each<[string, Duration, number]>([
    ['1 second', Duration.seconds(1), 1],
    ['15 minutes', Duration.minutes(15), 900],
  ])('a window of %s is accepted', (_name, window, seconds) => {
    const { template } = aggregateIn({ window });

    template().hasResourceProperties(MAPPING, { TumblingWindowInSeconds: seconds });
  });

  test('the shard read options are passed through', () => {
    const f = sinkFixture();
    const failures = new sqs.Queue(f.stack, 'Failures');
    const topic = new sns.Topic(f.stack, 'Alerts');
    const agg = addAggregate(f, {
      readerName: 'spend-per-customer',
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 500,
      maxBatchingWindow: Duration.seconds(30),
      retryAttempts: 5,
      maxRecordAge: Duration.hours(1),
      enhancedFanOut: true,
      onFailure: new sources.SqsDlq(failures),
      iteratorAgeThreshold: Duration.minutes(10),
      latencyObjective: Duration.minutes(2),
      alarmAction: new cw_actions.SnsAction(topic),
    });
    const template = Template.fromStack(f.stack);

    expect(agg.consumer.readerName).toBe('spend-per-customer');
    expect(agg.consumer.failureQueue).toBeUndefined();
    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', {
      ConsumerName: 'spend-per-customer',
      StreamARN: getAtt(f.ingest.stream, 'Arn'),
    });
    template.hasResourceProperties(MAPPING, {
      EventSourceArn: getAtt(agg.consumer.streamConsumer!, 'ConsumerARN'),
      StartingPosition: 'LATEST',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 30,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(failures, 'Arn') } },
      TumblingWindowInSeconds: 60,
      ParallelizationFactor: 1,
    });
    template.resourceCountIs('AWS::SQS::Queue', 1); // the given one only
    expect(f.ingest.readers).toEqual([expect.objectContaining({ readerName: 'spend-per-customer', readMode: StreamReadMode.ENHANCED_FAN_OUT, path: AGG_CONSUMER })]);
    expect(f.ingest.readers[0].latencyObjective?.toSeconds()).toBe(120);
    expect(f.ingest.readers[0].lagBackstop?.toSeconds()).toBe(600);
    expect(f.ingest.readers[0].maxRecordAge?.toSeconds()).toBe(3600);
    expect(agg.consumer.failureBucket).toBeUndefined();
    expect(actionsOn(functionStatements(template, agg), getAtt(agg.consumer.streamConsumer!, 'ConsumerARN')))
      .toEqual(expect.arrayContaining(['kinesis:SubscribeToShard']));

    const alarms = agg.alarms.map(a => template.toJSON().Resources[logicalId(a)].Properties);
    expect(alarms).toHaveLength(11); // with enhanced fan-out's MillisBehindLatest
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ AlarmActions: [ref(topic)], OKActions: [ref(topic)] });
    }
    expect(alarms.filter(a => a.MetricName === 'IteratorAge').map(a => a.Threshold)).toEqual([120000, 600000]);
  });

  test('createAlarms false creates no alarm for the aggregate', () => {
    const { agg, stack } = aggregateIn({ createAlarms: false });

    expect(agg.alarms).toEqual([]);
    expect(stack.node.findAll().filter(c => c instanceof cloudwatch.Alarm && c.node.path.startsWith(`${AGG}/`))).toEqual([]);
    const functionAlarms = Template.fromStack(stack).findResources(ALARM, {
      Properties: { Dimensions: Match.arrayWith([{ Name: 'FunctionName', Value: ref(agg.function) }]) },
    });
    expect(functionAlarms).toEqual({});
  });

  test('the settings windows need cannot be overridden, even by a caller without types', () => {
    const overrides = { tumblingWindow: Duration.minutes(5), parallelizationFactor: 10, bisectBatchOnError: false, reportBatchItemFailures: true };
    const { template } = aggregateIn(overrides as AggregateOptions);

    template().hasResourceProperties(MAPPING, {
      TumblingWindowInSeconds: 60,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: Match.absent(),
    });
  });
});

describe('AggregateToTable with a given table', () => {
  function aggregateTable(scope: Construct, props: Partial<dynamodb.TableProps> = {}): dynamodb.Table {
    return new dynamodb.Table(scope, 'MyAggregates', {
      partitionKey: { name: 'key', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'windowStart', type: dynamodb.AttributeType.STRING },
      ...props,
    });
  }

  test('a table with the layout is used: none is created, and the grants and the environment name it', () => {
    const f = sinkFixture();
    const table = aggregateTable(f.stack);
    const agg = addAggregate(f, { table });
    const template = Template.fromStack(f.stack);

    expect(agg.table).toBe(table);
    template.resourceCountIs(TABLE, 1);
    expect(agg.node.tryFindChild('Table')).toBeUndefined();
    template.hasResourceProperties(FUNCTION, { Environment: { Variables: { AGGREGATE_TABLE_NAME: ref(table) } } });
    expect(actionsOn(functionStatements(template, agg), getAtt(table, 'Arn')))
      .toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  test.each<[string, Partial<dynamodb.TableProps>, string]>([
    ['partition key id', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }, "partition key 'id' (S) and sort key 'windowStart' (S)"],
    ['a number partition key', { partitionKey: { name: 'key', type: dynamodb.AttributeType.NUMBER } }, "partition key 'key' (N) and sort key 'windowStart' (S)"],
    ['no sort key', { sortKey: undefined }, "partition key 'key' (S) and no sort key"],
    ['a number sort key', { sortKey: { name: 'windowStart', type: dynamodb.AttributeType.NUMBER } }, "partition key 'key' (S) and sort key 'windowStart' (N)"],
    ['sort key start', { sortKey: { name: 'start', type: dynamodb.AttributeType.STRING } }, "partition key 'key' (S) and sort key 'start' (S)"],
  ])('a table with %s is refused', (_name, props, got) => {
    const f = sinkFixture();
    const table = aggregateTable(f.stack, props);

    expectInputError(() => addAggregate(f, { table }),
      `${AGG}: \`table\` must have partition key 'key' (S) and sort key 'windowStart' (S), got ${got}`);
  });

  test('a TableV2 is checked too', () => {
    const f = sinkFixture();
    const table = new dynamodb.TableV2(f.stack, 'GlobalTable', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });

    expectInputError(() => addAggregate(f, { table }),
      `${AGG}: \`table\` must have partition key 'key' (S) and sort key 'windowStart' (S), got partition key 'id' (S) and no sort key`);
  });

  test('a TableV2 with the layout is used', () => {
    const f = sinkFixture();
    const table = new dynamodb.TableV2(f.stack, 'GlobalTable', {
      partitionKey: { name: 'key', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'windowStart', type: dynamodb.AttributeType.STRING },
    });
    const agg = addAggregate(f, { table });

    expect(agg.table).toBe(table);
  });

  test('an imported table is taken on trust, and granted by its ARN', () => {
    const f = sinkFixture();
    const table = dynamodb.Table.fromTableName(f.stack, 'Imported', 'aggregates');
    const agg = addAggregate(f, { table });
    const template = Template.fromStack(f.stack);

    template.resourceCountIs(TABLE, 0);
    template.hasResourceProperties(FUNCTION, { Environment: { Variables: { AGGREGATE_TABLE_NAME: 'aggregates' } } });
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:us-east-1:111111111111:table/aggregates']] };
    expect(actionsOn(functionStatements(template, agg), arn)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  test('a table already written by another aggregate is refused', () => {
    const f = sinkFixture();
    const table = aggregateTable(f.stack);
    addAggregate(f, { table });

    expectInputError(() => addAggregate(f, { table }, 'Second'),
      `TestStack/Second: \`table\` TestStack/MyAggregates is already written by ${AGG}: give each AggregateToTable its own table`);
  });

  test('the table an aggregate created is refused to a second aggregate', () => {
    const f = sinkFixture();
    const first = addAggregate(f);

    expectInputError(() => addAggregate(f, { table: first.table }, 'Second'),
      `TestStack/Second: \`table\` ${AGG}/Table is already written by ${AGG}: give each AggregateToTable its own table`);
  });

  test('an imported table is claimed too', () => {
    const f = sinkFixture();
    const table = dynamodb.Table.fromTableName(f.stack, 'Imported', 'aggregates');
    addAggregate(f, { table });

    expectInputError(() => addAggregate(f, { table }, 'Second'),
      `TestStack/Second: \`table\` TestStack/Imported is already written by ${AGG}: give each AggregateToTable its own table`);
  });

  test('a table with a customer-managed key: the function may use the key', () => {
    const f = sinkFixture();
    const key = new kms.Key(f.stack, 'TableKey');
    const table = aggregateTable(f.stack, { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key });
    const agg = addAggregate(f, { table });

    expect(actionsOn(functionStatements(Template.fromStack(f.stack), agg), getAtt(key, 'Arn')))
      .toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']));
  });
});

describe('AggregateToTable refuses invalid props', () => {
  const badPath = (subject: string, path: string) => `${AGG}: ${subject} must be a JSON path of field names joined by dots, `
    + `like 'customerId', 'customer.id' or '$.customer.id', got '${path}'`;
  const reserved = (attribute: string) => `${AGG}: \`measures\` attribute '${attribute}' is one of the table's own attributes `
    + "(key, windowStart, windowEnd, expiresAt, and any name starting with 'merged:'): give the measure another attribute name";
  const twice = (attribute: string) => `${AGG}: \`measures\` attribute '${attribute}' is used by two measures: `
    + 'give each its own attribute name';

  test.each<[string, AggregateOptions, string]>([
    ['window 0 s', { window: Duration.seconds(0) }, `${AGG}: \`window\` must be an integer between 1 and 900 seconds, got 0`],
    ['window 901 s', { window: Duration.seconds(901) }, `${AGG}: \`window\` must be an integer between 1 and 900 seconds, got 901`],
    ['window 1.5 s', { window: Duration.millis(1500) }, `${AGG}: \`window\` must be an integer between 1 and 900 seconds, got 1.5`],
    ['memorySize 64', { memorySize: 64 }, `${AGG}: \`memorySize\` must be an integer between 128 and 10240 MiB, got 64`],
    ['memorySize 10241', { memorySize: 10241 }, `${AGG}: \`memorySize\` must be an integer between 128 and 10240 MiB, got 10241`],
    ['memorySize 1024.5', { memorySize: 1024.5 }, `${AGG}: \`memorySize\` must be an integer between 128 and 10240 MiB, got 1024.5`],
    ['timeout 16 min', { timeout: Duration.minutes(16) }, `${AGG}: \`timeout\` must be an integer between 1 and 900 seconds, got 960`],
    ['timeout 0 s', { timeout: Duration.seconds(0) }, `${AGG}: \`timeout\` must be an integer between 1 and 900 seconds, got 0`],
    ['a token expireAfter', { expireAfter: Duration.seconds(Lazy.number({ produce: () => 3600 })) },
      `${AGG}: \`expireAfter\` must be known at synth, got an unresolved token (e.g. a CfnParameter): state it as a plain duration`],
    ["keyField ''", { keyField: '' }, badPath('`keyField`', '')],
    ["keyField 'a..b'", { keyField: 'a..b' }, badPath('`keyField`', 'a..b')],
    ["keyField 'has space'", { keyField: 'has space' }, badPath('`keyField`', 'has space')],
    ["keyField '$.'", { keyField: '$.' }, badPath('`keyField`', '$.')],
    ["keyField 'customer.'", { keyField: 'customer.' }, badPath('`keyField`', 'customer.')],
    ["keyField '$' (the whole record)", { keyField: '$' }, badPath('`keyField`', '$')],
    ['measures []', { measures: [] }, `${AGG}: \`measures\` must hold at least one measure, got none: add AggregateMeasure.count()`],
    ...['key', 'windowStart', 'expiresAt', 'windowEnd', 'merged:x', 'merged:shardId-000000000000', 'merged:'].map(attribute => [
      `a measure attribute '${attribute}'`, { measures: [AggregateMeasure.sum('amount', attribute)] }, reserved(attribute),
    ] as [string, AggregateOptions, string]),
    ["sum('amount') twice", { measures: [AggregateMeasure.sum('amount'), AggregateMeasure.sum('amount')] }, twice('sum_amount')],
    ['an attribute taken by another measure\'s default', { measures: [AggregateMeasure.count('sum_amount'), AggregateMeasure.sum('amount')] },
      twice('sum_amount')],
    ['an empty attribute', { measures: [AggregateMeasure.count('')] }, `${AGG}: \`measures\` attribute names must be 1-255 characters, got ''`],
    ["sum('a b')", { measures: [AggregateMeasure.count(), AggregateMeasure.sum('a b', 'total')] }, badPath("`measures`: the field of sum('a b')", 'a b')],
    ["max('$.')", { measures: [AggregateMeasure.max('$.', 'top')] }, badPath("`measures`: the field of max('$.')", '$.')],
  ])('%s', (_name, options, message) => {
    const f = sinkFixture();

    expectInputError(() => addAggregate(f, options), message);
  });

  test('measures whose handler configuration fits 3500 bytes are accepted', () => {
    const { agg, template } = aggregateIn({ measures: countsMakingConfigOf(3500) });

    const fn = template().toJSON().Resources[logicalId(agg.function)];
    expect(fn.Properties.Environment.Variables.AGGREGATE_CONFIG).toHaveLength(3500);
  });

  test('measures whose handler configuration passes 3500 bytes are refused, before the function is made', () => {
    const f = sinkFixture();

    expectInputError(() => addAggregate(f, { measures: countsMakingConfigOf(3501) }),
      `${AGG}: \`measures\` make a handler configuration of 3501 bytes, more than the 3500 that fit Lambda's 4 KB `
      + 'of environment: use fewer measures or shorter attribute names');
    const template = Template.fromStack(f.stack);
    template.resourceCountIs(FUNCTION, 0);
    template.resourceCountIs(MAPPING, 0);
  });

  test('expireAfter below a minute is refused', () => {
    const f = sinkFixture();

    expectInputError(() => addAggregate(f, { expireAfter: Duration.seconds(30) }),
      `${AGG}: \`expireAfter\` must be a whole number of seconds, at least 60 (1 minute), got 30`);
  });

  /** The refusal of an `expireAfter` TTL could act on before the last shard merged. */
  const tooSoon = (maxRecordAge: string, window: string, expireAfter: string) => `${AGG}: \`expireAfter\` must be longer than `
    + `\`maxRecordAge\` (${maxRecordAge}) plus \`window\` (${window}), got ${expireAfter}: a shard up to \`maxRecordAge\` behind would `
    + 'merge into items TTL may already have deleted, recreating them with its records alone; raise `expireAfter` or lower `maxRecordAge`';

  test.each<[string, AggregateOptions, StreamingIngestProps, string]>([
    ['12 hours with the default maxRecordAge of a 24-hour stream (18 hours)', { expireAfter: Duration.hours(12) }, {},
      tooSoon('18 hours', '1 minute', '12 hours')],
    ['exactly the default maxRecordAge plus the window', { expireAfter: Duration.seconds(64860) }, {},
      tooSoon('18 hours', '1 minute', '18 hours 1 minute')],
    ['1 minute, once the shortest', { expireAfter: Duration.minutes(1) }, {}, tooSoon('18 hours', '1 minute', '1 minute')],
    ['1 day with maxRecordAge 7 days of an 8-day stream', { expireAfter: Duration.days(1), maxRecordAge: Duration.days(7) },
      { retention: Duration.days(8) }, tooSoon('7 days', '1 minute', '1 day')],
    ['7 days with the default maxRecordAge of a 30-day stream (capped at 7 days)', { expireAfter: Duration.days(7) },
      { retention: Duration.days(30) }, tooSoon('7 days', '1 minute', '7 days')],
    ['1 hour with maxRecordAge 1 hour and 15-minute windows', { expireAfter: Duration.hours(1), maxRecordAge: Duration.hours(1), window: Duration.minutes(15) },
      {}, tooSoon('1 hour', '15 minutes', '1 hour')],
    // Retrying until maxRecordAge holds a shard that long, no longer: maxRecordAge is never infinite here.
    ['12 hours with retryAttempts -1 (retries until maxRecordAge)', { expireAfter: Duration.hours(12), retryAttempts: -1 }, {},
      tooSoon('18 hours', '1 minute', '12 hours')],
  ])('expireAfter %s is refused', (_name, options, ingestProps, message) => {
    const f = sinkFixture(ingestProps);

    expectInputError(() => addAggregate(f, options), message);
    Template.fromStack(f.stack).resourceCountIs(FUNCTION, 0);
  });

  test.each<[string, string]>([
    ['the default', 'aggregate-failures/'],
    ['a nested folder', 'failures/spend-per-customer/'],
    ['one character and the slash', 'f/'],
    ['512 characters', `${'f'.repeat(511)}/`],
  ])('failurePrefix %s is accepted and reaches the handler', (_name, failurePrefix) => {
    const { agg, template } = aggregateIn({ failurePrefix });

    expect(aggregateConfig(template(), agg)).toMatchObject({ failurePrefix });
    expect(agg.failurePrefix).toBe(failurePrefix);
  });

  test.each<[string, string, string]>([
    ['empty', '', "`failurePrefix` must be 1-512 characters, got ''"],
    ['513 characters', `${'f'.repeat(512)}/`, '`failurePrefix` must be 1-512 characters, got 513 characters'],
    ['without the trailing slash', 'failures',
      "`failurePrefix` must end with '/', like 'aggregate-failures/' (the failures are a folder of the bucket), got 'failures'"],
    ['with a leading slash', '/failures/', "`failurePrefix` must not start with '/' (S3 keys are relative to the bucket), got '/failures/'"],
    ['a slash alone', '/', "`failurePrefix` must not start with '/' (S3 keys are relative to the bucket), got '/'"],
    ['a token', Lazy.string({ produce: () => 'failures/' }), '`failurePrefix` must be known at synth, got an unresolved token '
      + "(e.g. a CfnParameter): it is part of the handler's configuration, so state it as a plain string"],
  ])('failurePrefix %s is refused', (_name, failurePrefix, message) => {
    const f = sinkFixture();

    expectInputError(() => addAggregate(f, { failurePrefix }), `${AGG}: ${message}`);
    Template.fromStack(f.stack).resourceCountIs('AWS::S3::Bucket', 0);
  });

  test.each<[string, AggregateOptions, string]>([
    ['batchSize 0', { batchSize: 0 }, '`batchSize` must be an integer between 1 and 10000, got 0'],
    ['retryAttempts -2', { retryAttempts: -2 },
      '`retryAttempts` must be an integer between 0 and 10000 (or -1 to retry until `maxRecordAge`), got -2'],
    ['maxRecordAge of the whole retention', { maxRecordAge: Duration.hours(24) },
      "`maxRecordAge` must be shorter than the source's 24-hour retention (86400 seconds), got 86400 seconds: the stream would "
      + 'delete records before Lambda gives up on them, and they would never reach the failure destination'],
    ['AT_TIMESTAMP without a timestamp', { startingPosition: lambda.StartingPosition.AT_TIMESTAMP },
      '`startingPosition` AT_TIMESTAMP needs `startingPositionTimestamp` (Unix seconds), got none'],
    ['readerName with a space', { readerName: 'spend per customer' },
      "`readerName` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got 'spend per customer'"],
  ])('a shard read option: %s is refused with the consumer\'s path', (_name, options, message) => {
    const f = sinkFixture();

    expectInputError(() => addAggregate(f, options), `${AGG_CONSUMER}: ${message}`);
  });

  test('the aggregate\'s own props are checked before the table and the function are made', () => {
    const f = sinkFixture();

    expectInputError(() => addAggregate(f, { keyField: '', batchSize: 0 }), badPath('`keyField`', ''));
    Template.fromStack(f.stack).resourceCountIs(TABLE, 0);
  });
});

describe('a source with a registered schema', () => {
  /** The warning an aggregate at `path` reading `source` gets. */
  const registryWarning = (source: string, path = AGG) => `${path} reads ${source} as plain JSON, and the source has a registered `
    + 'schema: records written with the Glue Schema Registry\'s serializers start with a binary header and would be set aside '
    + 'as malformed. Acknowledge this warning if producers write plain JSON, checked against the registered definition. '
    + `[ack: ${WARNING.registryEncodedRecords}]`;
  /** The messages of the stack's registry-encoding warnings (found by the id `[ack: ...]` shows). */
  const registryWarnings = (stack: Stack) => Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp(`\\[ack: ${WARNING.registryEncodedRecords}\\]`))
    .map(m => String(m.entry.data));

  test('the aggregate is warned that registry-encoded records would be set aside as malformed', () => {
    const f = registeredSinkFixture();
    addAggregate(f);

    Annotations.fromStack(f.stack).hasWarning(`/${AGG}`, registryWarning(INGEST));
    expect(registryWarnings(f.stack)).toHaveLength(1);
  });

  test('a stream from elsewhere with a schema, through StreamSource.fromStream(), is named by its path', () => {
    const f = registeredSinkFixture();
    const stream = kinesis.Stream.fromStreamArn(f.stack, 'Imported', STREAM_ARN);
    new AggregateToTable(f.stack, 'Agg', { source: StreamSource.fromStream(stream, { schema: f.ingest.schema }), ...BASE_PROPS });

    expect(registryWarnings(f.stack)).toEqual([registryWarning('TestStack/Imported')]);
  });

  test('its function is still granted no glue action: it reads JSON', () => {
    const f = registeredSinkFixture();
    const agg = addAggregate(f);
    const actions = functionStatements(Template.fromStack(f.stack), agg).flatMap(st => (Array.isArray(st.Action) ? st.Action : [st.Action]));

    expect(actions.filter(a => a.startsWith('glue:'))).toEqual([]);
    expect(actions).toContain('kinesis:GetRecords');
  });

  test.each<[string, (stack: Stack) => AggregateToTable]>([
    ['a StreamingIngest without a schema', stack => new AggregateToTable(stack, 'Agg', { source: new StreamingIngest(stack, 'Ingest'), ...BASE_PROPS })],
    ['StreamSource.fromStream() without a schema', stack => new AggregateToTable(stack, 'Agg', {
      source: StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN)), ...BASE_PROPS,
    })],
  ])('no warning for %s', (_name, aggregate) => {
    const stack = testStack();
    aggregate(stack);

    expect(registryWarnings(stack)).toEqual([]);
  });

  test('acknowledging the warning silences it', () => {
    const f = registeredSinkFixture();
    const agg = addAggregate(f);
    CoreAnnotations.of(agg).acknowledgeWarning(WARNING.registryEncodedRecords, 'Producers write plain JSON, checked against the schema.');

    expect(registryWarnings(f.stack)).toEqual([]);
    Annotations.fromStack(f.stack).hasNoWarning(`/${AGG}`, Match.anyValue());
  });

  test('acknowledging it on one aggregate leaves the other\'s', () => {
    const f = registeredSinkFixture();
    const agg = addAggregate(f);
    addAggregate(f, {}, 'Second');
    CoreAnnotations.of(agg).acknowledgeWarning(WARNING.registryEncodedRecords, 'reviewed');

    expect(registryWarnings(f.stack)).toEqual([registryWarning(INGEST, 'TestStack/Second')]);
  });
});

describe('two aggregates of one source', () => {
  test('get their own reader names, tables and functions, and both count as polling readers in the plan', () => {
    const f = sinkFixture({ workload: { ingestMibPerSecond: 1 } });
    const spend = addAggregate(f, { measures: [AggregateMeasure.sum('amount')] }, 'Spend');
    const orders = addAggregate(f, {}, 'Orders');
    const template = Template.fromStack(f.stack);

    expect(spend.consumer.readerName).not.toBe(orders.consumer.readerName);
    expect(f.ingest.readers).toEqual([
      expect.objectContaining({ readerName: spend.consumer.readerName, readMode: StreamReadMode.POLLING, path: 'TestStack/Spend/Consumer' }),
      expect.objectContaining({ readerName: orders.consumer.readerName, readMode: StreamReadMode.POLLING, path: 'TestStack/Orders/Consumer' }),
    ]);
    expect(f.ingest.plan!.workload).toMatchObject({ pollingConsumers: 2, consumeMibPerSecond: 2 });

    template.resourceCountIs(TABLE, 2);
    template.resourceCountIs(FUNCTION, 2);
    template.resourceCountIs(MAPPING, 2);
    expect(logicalId(spend.table)).not.toBe(logicalId(orders.table));
    for (const agg of [spend, orders]) {
      template.hasResourceProperties(FUNCTION, { Environment: { Variables: { AGGREGATE_TABLE_NAME: ref(agg.table) } } });
      template.hasResourceProperties(MAPPING, { FunctionName: ref(agg.function), TumblingWindowInSeconds: 60 });
      expect(actionsOn(functionStatements(template, agg), getAtt(agg.table, 'Arn'))).toContain('dynamodb:PutItem');
    }
    expect(actionsOn(functionStatements(template, spend), getAtt(orders.table, 'Arn'))).toEqual([]);
    expect(Annotations.fromStack(f.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

/**
 * Count measures making a handler configuration of exactly `chars` characters with
 * `BASE_PROPS`: twelve with 240-character attributes take 3421 characters, and the
 * last one's attribute makes up the rest.
 */
function countsMakingConfigOf(chars: number): AggregateMeasure[] {
  const measures = Array.from({ length: 12 }, (_, i) => AggregateMeasure.count(`count${i}`.padEnd(240, '_')));
  return [...measures, AggregateMeasure.count('last'.padEnd(chars - 3421, '_'))];
}
