/**
 * Variant (a): the library's reference pipeline, exactly as examples/reference-pipeline.ts
 * defines it: the ingest layer (two `StreamingIngest` streams with sizing, partition-key
 * checks and alarms), the `SchemaRegistry` with the orders' schema
 * (examples/order-events.ts), the producer layer of examples/producer-layer.ts (an
 * `ApiGatewayProducer` putting clicks on the clickstream, a `DmsProducer` capturing the
 * orders database's changes and starting its task through the bundled handlers, with
 * their alarms), the processing layer of examples/processing-layer.ts (a
 * `ShardConsumer` through an enhanced fan-out consumer and an `AggregateToTable` with
 * its table, bundled function, consumer, failure bucket and alarms) and the storage
 * layer of examples/storage-layer.ts (two `ArchiveToLake`: the clickstream as GZIP
 * JSON, the orders as Parquet with a Glue table and an Athena workgroup; an
 * `IndexToOpenSearch` indexing the clickstream into a new `SecureSearchDomain`) and the
 * analytics layer of examples/analytics-layer.ts (a `StreamAnalytics` on the orders
 * through its own enhanced fan-out consumer, writing windows to a table, its job
 * uploaded from examples/flink-job) and the warehouse layer of examples/warehouse-layer.ts
 * (a Redshift Serverless namespace and workgroup with an admin secret, and a
 * `DeliverToRedshift` loading the orders by streaming ingestion: its role and its two
 * `RedshiftSql` custom resources, with the bundled Data API handlers), and one
 * `StreamingPipeline` over both streams: its decision from the orders' requirements, the
 * aspect that routes every alarm to the on-call topic, the dashboard it fills at synth from
 * the parts it finds, and the `MonthlyCost` output its cost report prices at synth. Without
 * cdk-nag: users do not all run it, and the raw variant does not either. tsc compiles the
 * examples and src/ into bench/.build next to this app (see bench/assets.ts for the bundled
 * handlers and the job's folder).
 */
import { REFERENCE_ENV, STACK_ID } from './names';
import { synthApp } from './synth-app';
import { ReferencePipelineStack } from '../../examples/reference-pipeline';

synthApp(app => new ReferencePipelineStack(app, STACK_ID, { env: REFERENCE_ENV }));
