/**
 * The raw variant's processing layer: the resources of the library's processing layer
 * (examples/processing-layer.ts) written by hand with aws-cdk-lib only. On the orders
 * stream:
 *
 * - fraud detection: an inline function reading through its own enhanced fan-out
 *   consumer (`kinesis.StreamConsumer`), allowed to fetch the orders' registered schema;
 * - spend per customer: a DynamoDB table and a function running the library's bundled
 *   aggregation handler (the same asset folder, so the same asset hash), configured
 *   through its documented environment, on tumbling windows of one minute, logging to
 *   its own log group;
 *
 * each consumer with its failure queue and alarms (raw-consumer.ts), and the validation
 * acknowledgements the library and the example add.
 *
 * Construct ids and nesting follow the library's, so the logical ids match: the
 * equivalence check compares them. Nothing is imported from src/.
 */
import * as path from 'path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addKinesisConsumer } from './raw-consumer';
import { RawIngestLayer } from './raw-ingest';

/**
 * The aggregation handler the library ships, bundled by `npx projen bundle`. The same
 * path relative to the compiled file as the library's own (see bench/assets.ts).
 */
const AGGREGATE_HANDLER = path.join(__dirname, '../../assets/sinks/aggregate.lambda');

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
  Validations.of(fraudCheck.role!).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'glue:GetSchemaVersion, to deserialize orders with the registered schema: deserializers look versions up by id, '
      + 'which Glue cannot scope to a schema (AWS documents Resource "*").',
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
    readsRegistrySchemas: true,
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
      AGGREGATE_CONFIG: JSON.stringify({
        keyPath: ['customer_id'],
        measures: [
          { attribute: 'orders', kind: 'count' },
          { attribute: 'sum_amount', kind: 'sum', path: ['amount'] },
          { attribute: 'max_amount', kind: 'max', path: ['amount'] },
        ],
        expireAfterSeconds: Duration.days(30).toSeconds(),
      }),
    },
    logGroup: new logs.LogGroup(spend, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
  });
  Validations.of(aggregate.role!).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs; everything else is granted per resource.',
  });
  // What the handler calls: a consistent read of the window's item, then a conditional put.
  table.grant(aggregate, 'dynamodb:GetItem', 'dynamodb:PutItem');
  addKinesisConsumer(spend, 'Consumer', {
    stream: orders,
    handler: aggregate,
    readerName: 'spend-per-customer',
    startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    tumblingWindow: Duration.minutes(1),
    action: page,
  });
}
