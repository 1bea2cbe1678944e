/**
 * The raw variant's processing layer: the resources of the library's processing layer
 * (examples/processing-layer.ts) written by hand with aws-cdk-lib only. On the orders
 * stream:
 *
 * - fraud detection: an inline function reading through its own enhanced fan-out
 *   consumer (`kinesis.StreamConsumer`), handed each record as it arrives (no batching
 *   window), with a 30-second latency objective;
 * - spend per customer: a DynamoDB table and a function running the library's bundled
 *   aggregation handler (the same asset folder, so the same asset hash), configured
 *   through its documented environment, on tumbling windows of one minute, logging to
 *   its own retained log group; a failure bucket (raw-failure-bucket.ts) where the
 *   handler sets aside the records it cannot count and Lambda writes the batches it
 *   gives up on, and the aggregate's own alarms on the handler's metrics and the
 *   table's throttling;
 *
 * each consumer with its S3 failure destination and alarms (raw-consumer.ts), and the
 * validation acknowledgements the library and the example add.
 *
 * Construct ids and nesting follow the library's, so the logical ids match: the
 * equivalence check compares them. Nothing is imported from src/.
 */
import * as path from 'path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { addKinesisConsumer } from './raw-consumer';
import { addFailureBucket } from './raw-failure-bucket';
import { RawIngestLayer } from './raw-ingest';

/**
 * The aggregation handler the library ships, bundled by `npx projen bundle`. The same
 * path relative to the compiled file as the library's own (see bench/assets.ts).
 */
const AGGREGATE_HANDLER = path.join(__dirname, '../../assets/sinks/aggregate.lambda');
/** Where the aggregation handler puts what it cannot count, in the failure bucket. */
const FAILURE_PREFIX = 'aggregate-failures/';
/** The namespace and dimension of the metrics the aggregation handler publishes. */
const AGGREGATE_NAMESPACE = 'CdkStreamingPipelines/AggregateToTable';
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
/** 3 breaching periods in a row. */
const PERSISTENT = { evaluationPeriods: 3, datapointsToAlarm: 3 };

/** Adds the processing layer as construct `Processing` under `scope`. */
export function addProcessingLayer(scope: Construct, ingest: RawIngestLayer): void {
  const processing = new Construct(scope, 'Processing');
  const { orders, page } = ingest;

  const fraudCheck = new lambda.Function(processing, 'FraudCheck', {
    description: 'Scores each order for fraud within a second of it being written',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline([
      'exports.handler = async (event) => {',
      '  const batchItemFailures = [];',
      '  for (const record of event.Records) {',
      '    try { JSON.parse(Buffer.from(record.kinesis.data, "base64").toString("utf8")); }',
      '    catch { batchItemFailures.push({ itemIdentifier: record.kinesis.sequenceNumber }); break; }',
      '  }',
      '  return { batchItemFailures };',
      '};',
    ].join('\n')),
    timeout: Duration.seconds(30),
  });
  Validations.of(fraudCheck.role!).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs; stream access is granted by the consumer.',
  });
  // The stream's enhanced fan-out consumers, grouped under the stream.
  const fanOut = new kinesis.StreamConsumer(new Construct(orders, 'Readers'), 'fraud-detector', {
    stream: orders,
    streamConsumerName: 'fraud-detector',
  });
  addKinesisConsumer(processing, 'FraudDetector', {
    stream: orders,
    fanOut,
    handler: fraudCheck,
    readerName: 'fraud-detector',
    startingPosition: lambda.StartingPosition.LATEST,
    // Scores "within a second": records are handed over as they arrive.
    maxBatchingWindow: Duration.seconds(0),
    // The finest Lambda's per-minute IteratorAge can hold without paging on one slow batch.
    latencyObjective: Duration.seconds(30),
    latencyObjectiveText: '30 seconds',
    action: page,
  });

  const spend = new Construct(processing, 'SpendPerCustomer');
  const table = new dynamodb.Table(spend, 'Table', {
    partitionKey: { name: 'key', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'windowStart', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: 'expiresAt',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // The handler's failure store, and the consumer's failure destination: every record the
  // aggregate did not count in one place, with its data.
  const failureBucket = addFailureBucket(spend, 'FailureBucket', 'the aggregate\'s function and its event source '
    + 'mapping (s3:PutObject under the failure prefix and aws/lambda/)');
  const aggregate = new lambda.Function(spend, 'Function', {
    description: `Aggregates ${orders.node.path} per customer_id over 1 minute windows`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(AGGREGATE_HANDLER),
    memorySize: 1024,
    timeout: Duration.minutes(5),
    environment: {
      AGGREGATE_TABLE_NAME: table.tableName,
      AGGREGATE_FAILURE_BUCKET: failureBucket.bucketName,
      AGGREGATE_CONFIG: JSON.stringify({
        keyPath: ['customer_id'],
        measures: [
          { attribute: 'orders', kind: 'count' },
          { attribute: 'sum_amount', kind: 'sum', path: ['amount'] },
          { attribute: 'max_amount', kind: 'max', path: ['amount'] },
        ],
        expireAfterSeconds: Duration.days(30).toSeconds(),
        // The consumer's batch size, which bounds every batch.
        maxBatchSize: 100,
        failurePrefix: FAILURE_PREFIX,
      }),
    },
    // Kept with the stack deleted, like the table and the failure bucket: an investigation after a
    // teardown still needs the invocations' errors and the flushes' metrics.
    logGroup: new logs.LogGroup(spend, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    }),
  });
  // What the handler calls: a consistent read of the window's item, then a conditional put or update.
  table.grant(aggregate, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
  // s3:PutObject under the failure prefix only (grantPut would add tagging, retention and abort actions).
  const failureObjects = failureBucket.arnForObjects(`${FAILURE_PREFIX}*`);
  aggregate.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [failureObjects] }));
  const cfnBucket = failureBucket.node.defaultChild as s3.CfnBucket;
  Validations.of(aggregate.role!).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(cfnBucket).getLogicalId(cfnBucket)}.Arn>/${FAILURE_PREFIX}*]`,
    reason: 'The handler names each failure object after its content, so it may put any key under the failure prefix; '
      + 's3:PutObject only, on that prefix only.',
  });
  Validations.of(aggregate.role!).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs; everything else is granted per resource.',
  });
  addKinesisConsumer(spend, 'Consumer', {
    stream: orders,
    handler: aggregate,
    readerName: 'spend-per-customer',
    startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    latencyObjective: Duration.minutes(5),
    latencyObjectiveText: '5 minutes',
    tumblingWindow: Duration.minutes(1),
    // Bad records go to the failure bucket, never back to Lambda.
    reportBatchItemFailures: false,
    failureBucket,
    action: page,
  });
  addAggregateAlarms(spend, {
    table,
    aggregate,
    sourceName: orders.node.path,
    failureLocation: `s3://${failureBucket.bucketName}/${FAILURE_PREFIX}`,
    action: page,
  });
}

/** What the aggregate's alarms watch. */
interface AggregateAlarmOptions {
  readonly table: dynamodb.ITable;
  readonly aggregate: lambda.IFunction;
  /** The stream aggregated, by construct path, for descriptions. */
  readonly sourceName: string;
  /** `s3://<bucket>/<prefix>` of the failure store, for descriptions. */
  readonly failureLocation: string;
  readonly action: cloudwatch.IAlarmAction;
}

/**
 * The aggregate's alarms beside its consumer's: records and values set aside, table
 * throttling, repeated merges. The handler and DynamoDB publish these metrics only when
 * something happened, so missing data is not breaching.
 */
function addAggregateAlarms(spend: Construct, o: AggregateAlarmOptions): void {
  const label = `Aggregate ${spend.node.path} of ${o.sourceName}`;
  const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(spend, alarmId, props);
    a.addAlarmAction(o.action);
    a.addOkAction(o.action);
  };
  // The handler publishes its counts once per invocation, summed over 5 minutes.
  const handlerMetric = (metricName: string) => new cloudwatch.Metric({
    namespace: AGGREGATE_NAMESPACE,
    metricName,
    dimensionsMap: { FunctionName: o.aggregate.functionName },
    statistic: 'Sum',
    period: Duration.minutes(5),
  });

  alarm('FailedRecordsAlarm', {
    metric: handlerMetric('FailedRecords'),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: records were set aside in the failure store (${o.failureLocation}) in the last 5 minutes, `
      + 'uncounted: not JSON, without the key field, or with a measure field that is not a number. Each object holds the '
      + 'records\' raw bytes, shard, sequence number and reason: inspect them, fix the producer, then replay the records '
      + 'if the aggregates must include them.',
  });
  alarm('UnstorableAggregatesAlarm', {
    metric: handlerMetric('UnstorableAggregates'),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: DynamoDB refused to store some keys' aggregates in the last 5 minutes (a number beyond its `
      + '38 digits of precision or its range), so those items lack those contributions. They are in the failure store under '
      + `${o.failureLocation}aggregates/: check the measures against the values producers send, fix the cause, then add them `
      + 'to their items by hand if needed.',
  });
  // Read and write throttles added; a minute with one kind only still counts.
  const throttles = { statistic: 'Sum', period: Duration.minutes(1) };
  alarm('TableThrottleAlarm', {
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      usingMetrics: {
        reads: o.table.metric('ReadThrottleEvents', throttles),
        writes: o.table.metric('WriteThrottleEvents', throttles),
      },
      label: 'Throttle events (read + write)',
      period: Duration.minutes(1),
    }),
    threshold: 1,
    comparisonOperator: GTE,
    ...PERSISTENT,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: DynamoDB throttled reads or writes of the aggregate table in 3 minutes in a row, so windows' `
      + 'merges are retried and their shards wait. On demand, look for a hot key (one partition takes 3,000 reads and '
      + '1,000 writes per second) or a maximum throughput set on the table; provisioned, raise its capacity or switch to on demand.',
  });
  alarm('MergeRetriesAlarm', {
    metric: handlerMetric('AlreadyMergedKeys'),
    threshold: 1,
    comparisonOperator: GTE,
    ...PERSISTENT,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the handler found keys of a flush already merged into their items in 3 periods of 5 minutes in a `
      + 'row. That happens only when a flush is applied again (nothing is counted twice), so a flush keeps being retried and '
      + 'its shard waits: read the function\'s errors and logs for what fails after the merge.',
  });
}
