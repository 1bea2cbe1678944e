// The orders pipeline as a TypeScript user writes it: the same app as the Python, Java and
// Go ones beside it, whose templates `examples/languages/check.ts` compares with this one's.
// Run by the CDK CLI or `check.ts`, which pass the output folder and the context (the feature
// flags of `cdk.json`) through CDK_OUTDIR and CDK_CONTEXT_JSON.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AggregateMeasure, ArchiveFormat, ColumnType, PartitionKey, StreamingPipeline, StreamSchema,
} from '../../../src';

const app = new App();
const stack = new Stack(app, 'OrdersPipeline', { env: { account: '111111111111', region: 'us-east-1' } });

const onCall = new sns.Topic(stack, 'OnCall', { enforceSSL: true });

// Kinesis is what the decision table gives for these needs; the stream is sized from the workload.
const pipeline = new StreamingPipeline(stack, 'Orders', {
  requirements: {
    latency: Duration.seconds(1),
    replay: Duration.days(7),
    independentConsumers: 3,
    workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 250 },
  },
  streamOptions: {
    partitionKey: PartitionKey.field('customer_id', { distinctValues: 40_000, hottestKeyShare: 0.01 }),
  },
  alarmAction: new cloudwatchActions.SnsAction(onCall),
});

const scoreOrder = new lambda.Function(stack, 'ScoreOrder', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
  timeout: Duration.seconds(30),
});
pipeline.addConsumer('Fraud', {
  handler: scoreOrder,
  readerName: 'fraud-detector',
  enhancedFanOut: true,
  latencyObjective: Duration.seconds(30),
});
// The orders' event, declared once: the lake's Parquet table is generated from it.
const orderPlaced = new StreamSchema({
  name: 'OrderPlaced',
  columns: [
    { name: 'order_id', type: ColumnType.STRING, nullable: false },
    { name: 'customer_id', type: ColumnType.STRING, nullable: false },
    { name: 'amount', type: ColumnType.decimal(12, 2), nullable: false },
    { name: 'items', type: ColumnType.array(ColumnType.STRING) },
    { name: 'placed_at', type: ColumnType.TIMESTAMP, nullable: false },
  ],
});

pipeline.addAggregate('SpendPerCustomer', {
  readerName: 'spend-per-customer',
  keyField: 'customer_id',
  window: Duration.minutes(1),
  measures: [AggregateMeasure.count('orders'), AggregateMeasure.sum('amount')],
});
pipeline.addArchive('Lake', {
  readerName: 'orders-lake',
  format: ArchiveFormat.parquet(orderPlaced),
  databaseName: 'orders',
});

app.synth();
