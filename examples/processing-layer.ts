import { Annotations, Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AggregateMeasure, AggregateToTable, IStreamSource, ShardConsumer } from '../src';

/** What the processing layer reads (its pipeline pages on-call for every alarm). */
export interface ProcessingLayerProps {
  /** The orders stream. */
  readonly orders: IStreamSource;
}

/**
 * The processing layer of the reference architecture, on the orders stream.
 *
 * - Fraud detection: the reference document's Lambda per shard, reading through its
 *   own enhanced fan-out consumer so that its latency does not depend on other readers.
 *   It scores "within a second": records are handed over as they arrive (no batching
 *   window), and its latency objective is 30 seconds, the finest that Lambda's
 *   per-minute IteratorAge can hold without paging on a single slow batch.
 * - Spend per customer: one-minute totals in DynamoDB for real-time lookups
 *   (the document's "pre-aggregated state").
 */
export class ProcessingLayer extends Construct {
  public readonly fraudDetector: ShardConsumer;
  public readonly spendPerCustomer: AggregateToTable;

  constructor(scope: Construct, id: string, props: ProcessingLayerProps) {
    super(scope, id);

    const fraudCheck = new lambda.Function(this, 'FraudCheck', {
      description: 'Scores each order for fraud within a second of it being written',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      // A stand-in for the team's scoring code, inline so that synth needs no build.
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
    this.fraudDetector = new ShardConsumer(this, 'FraudDetector', {
      source: props.orders,
      handler: fraudCheck,
      readerName: 'fraud-detector',
      enhancedFanOut: true,
      startingPosition: lambda.StartingPosition.LATEST,
      maxBatchingWindow: Duration.seconds(0),
      latencyObjective: Duration.seconds(30),
    });

    this.spendPerCustomer = new AggregateToTable(this, 'SpendPerCustomer', {
      source: props.orders,
      readerName: 'spend-per-customer',
      keyField: 'customer_id',
      window: Duration.minutes(1),
      measures: [AggregateMeasure.count('orders'), AggregateMeasure.sum('amount'), AggregateMeasure.max('amount')],
    });
    Annotations.of(this.spendPerCustomer).acknowledgeWarning('cdk-streaming-pipelines:AggregateToTable:registryEncodedRecords',
      'Order producers write plain JSON, checked against the registered JSON Schema; they do not use the registry serializer.');
  }
}
