/**
 * Variant (b): the library's reference pipeline written by hand with aws-cdk-lib only,
 * as a team would without the library, in one stack like examples/reference-pipeline.ts:
 * the reference document's whole stack, stream → Lambda consumer → Firehose → versioned
 * S3 archive with date prefixes, plus Parquet, the catalog and the registry.
 *
 * - ingest (raw-ingest.ts): the key, the on-call topic, both streams and their alarms;
 * - governance (raw-schema.ts): the Glue Schema Registry with the orders' JSON Schema;
 * - producers (raw-producers.ts, raw-api-gateway.ts, raw-dms.ts): a REST API putting clicks
 *   on the clickstream through Kinesis integrations (mapping templates, request models and
 *   validation, throttled stage with access logs, the account's CloudWatch role, alarms),
 *   and the orders database's change data capture through DMS (target endpoint and role,
 *   replication task, started after deploy by a custom resource, latency alarms);
 * - processing (raw-processing.ts, raw-consumer.ts, raw-failure-bucket.ts): the fraud
 *   detector and the spend aggregate, with their consumers, S3 failure buckets and alarms;
 * - storage (raw-storage.ts, raw-lake-delivery.ts, raw-search.ts): the access-logs
 *   bucket, the clickstream archived as GZIP JSON and the orders as Parquet with a Glue
 *   database and table, each delivered by Firehose with a least-privilege role, an Athena
 *   workgroup, the clickstream also indexed into a new secure OpenSearch domain (KMS key,
 *   IAM master user, logs, backup bucket), and the lakes' and the index's alarms;
 * - analytics (raw-analytics-layer.ts, raw-stream-analytics.ts): a Managed Flink job on
 *   the orders, through its own enhanced fan-out consumer, writing windows to a table,
 *   started after deploy by a custom resource, with its alarms;
 * - warehouse (raw-warehouse.ts): the orders in a new Redshift Serverless namespace and
 *   workgroup (admin secret in Secrets Manager) by streaming ingestion: a role Redshift
 *   reads the stream with, and two Redshift Data API custom resources creating the
 *   materialized view and the typed view over it;
 * - watching (raw-watch.ts), what the library's `StreamingPipeline` over both streams adds:
 *   the `Pipeline` construct with its CloudWatch dashboard (a heading per layer listing its
 *   parts, each stream's throughput against its shards, a graph per alarm) and the
 *   `MonthlyCost` stack output. The pipeline sends every alarm to the on-call topic through
 *   an aspect; here each layer gives its alarms the action itself, the same template.
 *
 * It deliberately imports nothing from src/ or examples/: what the library computes
 * (shard counts, thresholds, retry and age settings, handler configuration, the JSON
 * Schema and the Glue columns, the warehouse's SQL, the producers' mapping templates,
 * request models, throttling and DMS task JSON, the pipeline's parts and their layers,
 * the cost report's headline) is written out. bench/check-equivalence.ts fails the
 * benchmark if the two templates drift apart, so the comparison stays like for like.
 */
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { REFERENCE_ENV, STACK_ID } from './names';
import { addAnalyticsLayer } from './raw-analytics-layer';
import { addIngestLayer } from './raw-ingest';
import { addProcessingLayer } from './raw-processing';
import { addProducerLayer } from './raw-producers';
import { addSchemaRegistry } from './raw-schema';
import { addStorageLayer } from './raw-storage';
import { addWarehouseLayer } from './raw-warehouse';
import { addPipelineWatch } from './raw-watch';
import { synthApp } from './synth-app';

synthApp(app => {
  const stack = new Stack(app, STACK_ID, { env: REFERENCE_ENV });
  const ingest = addIngestLayer(stack);
  addSchemaRegistry(stack);
  // Where the library's pipeline is: after the streams, before the layers that read them.
  const pipeline = new Construct(stack, 'Pipeline');
  // Where the library's layer is: right after the streams, before processing.
  addProducerLayer(stack, ingest);
  addProcessingLayer(stack, ingest);
  addStorageLayer(stack, ingest);
  addAnalyticsLayer(stack, ingest);
  addWarehouseLayer(stack, ingest);

  // Last, as the library fills its dashboard at synth: every alarm exists by now.
  addPipelineWatch(pipeline, {
    dashboardName: 'reference-pipeline',
    parts: [
      { path: 'Producers/ClickstreamApi', service: 'API Gateway', layer: 'Producers' },
      { path: 'Producers/OrdersCdc', service: 'DMS task', layer: 'Producers' },
      { path: 'Clickstream', service: 'Kinesis stream', layer: 'Ingest', stream: { stream: ingest.clickstream, shards: 8 }, alarms: ingest.clickstreamAlarms },
      { path: 'Orders', service: 'Kinesis stream', layer: 'Ingest', stream: { stream: ingest.orders, shards: 2 }, alarms: ingest.ordersAlarms },
      { path: 'Analytics/OrderWindows', service: 'Managed Flink', layer: 'Processing' },
      { path: 'Processing/FraudDetector', service: 'Lambda', layer: 'Processing' },
      // The aggregate keeps its results in a table: storage, as the library files it.
      { path: 'Processing/SpendPerCustomer', service: 'Lambda to DynamoDB', layer: 'Storage' },
      { path: 'Storage/ClickstreamArchive', service: 'Firehose to S3', layer: 'Storage' },
      { path: 'Storage/ClickstreamSearch', service: 'Firehose to OpenSearch', layer: 'Storage' },
      { path: 'Storage/OrdersLake', service: 'Firehose to S3', layer: 'Storage' },
      { path: 'Warehouse/OrdersWarehouse', service: 'Redshift', layer: 'Storage' },
    ],
    // The library's price lists (us-east-1) at each part's stated peak, worked out once.
    monthlyCost: '$5,773.78 a month at peak; largest: Storage/ClickstreamArchive Firehose data ingested $2,177.49 (38%), '
      + 'Storage/ClickstreamSearch Firehose data ingested $2,177.49 (38%), Processing/SpendPerCustomer DynamoDB writes $410.79 (7.1%); '
      + 'not priced: Producers/ClickstreamApi, Producers/OrdersCdc, Warehouse/OrdersWarehouse',
  });
});
