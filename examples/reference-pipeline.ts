import { Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AnalyticsLayer } from './analytics-layer';
import { ORDER_PLACED } from './order-events';
import { ProcessingLayer } from './processing-layer';
import { ProducerLayer } from './producer-layer';
import { StorageLayer } from './storage-layer';
import { WarehouseLayer } from './warehouse-layer';
import { PartitionKey, SchemaFormat, SchemaRegistry, StreamingIngest, StreamingPipeline } from '../src';

/**
 * The reference architecture as one stack, layer by layer.
 *
 * Ingest: two streams with different workloads.
 *
 * - Clickstream: many small events from browsers, bound by the 1,000 records/s limit,
 *   keyed by session, with hot-shard detection.
 * - Orders: few, larger events that several teams replay for a week, encrypted with the
 *   team's own key, with alarms sent to the on-call topic.
 *
 * Producers: see `ProducerLayer` (a REST front door for the clickstream, DMS change data capture for orders).
 * Processing: see `ProcessingLayer` (a fraud detector per shard, real-time spend per customer).
 * Storage: see `StorageLayer` (both streams archived to S3, orders as Parquet for Athena).
 * Warehouse: see `WarehouseLayer` (orders in Redshift Serverless within seconds, by streaming ingestion).
 * Analytics: see `AnalyticsLayer` (a Managed Flink job writing per-minute windows of orders to a table).
 * Governance: the orders' event format is registered in the Glue Schema Registry (JSON Schema).
 * Watching: one `StreamingPipeline` over both streams routes every alarm to on-call, draws
 * one dashboard and prices every part.
 */
export class ReferencePipelineStack extends Stack {
  public readonly clickstream: StreamingIngest;
  public readonly orders: StreamingIngest;
  public readonly pipeline: StreamingPipeline;
  public readonly producers: ProducerLayer;
  public readonly processing: ProcessingLayer;
  public readonly storage: StorageLayer;
  public readonly analytics: AnalyticsLayer;
  public readonly warehouse: WarehouseLayer;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'StreamKey', {
      description: 'Encrypts the orders stream and the on-call topic',
      enableKeyRotation: true,
    });
    // TLS only and encrypted: the library lets the pipeline's alarms publish to it and use its key.
    const onCall = new sns.Topic(this, 'OnCall', { masterKey: key, enforceSSL: true });
    const page = new cloudwatchActions.SnsAction(onCall);

    this.clickstream = new StreamingIngest(this, 'Clickstream', {
      workload: {
        ingestMibPerSecond: 4,
        averageRecordBytes: 700,
        pollingConsumers: 2,
        headroom: 0.25,
      },
      partitionKey: PartitionKey.field('sessionId', { distinctValues: 250_000 }),
      hotShardDetection: true,
    });
    const schemas = new SchemaRegistry(this, 'Schemas', { description: 'Event formats of the reference pipeline' });
    // JSON Schema: orders stay plain JSON records, which the lake's Parquet conversion and
    // the aggregate read; producers validate against the registered definition.
    const orderPlaced = schemas.addSchema('OrderPlaced', { schema: ORDER_PLACED, format: SchemaFormat.JSON });

    this.orders = new StreamingIngest(this, 'Orders', {
      workload: {
        ingestMibPerSecond: 0.5,
        ingestRecordsPerSecond: 250,
        pollingConsumers: 3,
        enhancedFanOutConsumers: 2,
        headroom: 0.5,
      },
      retention: Duration.days(7),
      encryptionKey: key,
      partitionKey: PartitionKey.field('customer_id', { distinctValues: 40_000, hottestKeyShare: 0.01 }),
      schema: orderPlaced,
    });
    // cdk-nag (KDS3) prefers the AWS-managed key, the library's default; orders carry
    // customer data, so this team controls the key, its policy and its rotation.
    Validations.of(this.orders.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason: 'Orders carry customer data: a customer-managed key with rotation lets the team control and audit access.',
    });

    // One pipeline over both streams: every alarm of every layer pages on-call, whenever the
    // layer is added; one dashboard; one cost report. The requirements are the orders': the
    // decision table must agree that they need Kinesis (it warns when the sources differ).
    this.pipeline = new StreamingPipeline(this, 'Pipeline', {
      sources: [this.clickstream, this.orders],
      requirements: {
        latency: Duration.seconds(1),
        replay: Duration.days(7),
        independentConsumers: 5,
        workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 250 },
      },
      alarmAction: page,
      dashboardName: 'reference-pipeline',
      // What a batch takes the readers' functions in the team's load test: prices their GB-seconds.
      batchDuration: Duration.millis(200),
    });

    this.producers = new ProducerLayer(this, 'Producers', { clickstream: this.clickstream, orders: this.orders });
    this.processing = new ProcessingLayer(this, 'Processing', { orders: this.orders });
    this.storage = new StorageLayer(this, 'Storage', { orders: this.orders, clickstream: this.clickstream });
    this.analytics = new AnalyticsLayer(this, 'Analytics', { orders: this.orders });
    this.warehouse = new WarehouseLayer(this, 'Warehouse', { orders: this.orders });
  }
}
