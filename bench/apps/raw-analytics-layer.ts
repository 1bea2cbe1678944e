/**
 * The raw variant's analytics layer: the resources of the library's analytics layer
 * (examples/analytics-layer.ts) written by hand with aws-cdk-lib only: the windows table
 * and a Managed Flink job (raw-stream-analytics.ts) reading the orders stream through its
 * own enhanced fan-out consumer, with one subtask (250 records/s with half again as
 * headroom, 500 per subtask), its code uploaded from examples/flink-job as an asset (the
 * same folder, through the link bench/assets.ts makes, so the same asset hash), writing to
 * the table. Nothing is imported from src/ or examples/.
 */
import * as path from 'path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { RawIngestLayer } from './raw-ingest';
import { addStreamAnalytics, tableSink } from './raw-stream-analytics';

/** The stand-in job, where the library's example finds it relative to its compiled file. */
const FLINK_JOB = path.join(__dirname, '../../examples/flink-job');

/** Adds the analytics layer as construct `Analytics` under `scope`. */
export function addAnalyticsLayer(scope: Construct, ingest: RawIngestLayer): void {
  const analytics = new Construct(scope, 'Analytics');
  const windows = new dynamodb.Table(analytics, 'Windows', {
    partitionKey: { name: 'store_id', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'window_start', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  addStreamAnalytics(analytics, 'OrderWindows', {
    stream: ingest.orders,
    readerName: 'order-windows',
    readsSchema: false,
    code: { assetPath: FLINK_JOB },
    parallelism: 1,
    sinks: [tableSink('windows', windows)],
    action: ingest.page,
  });
}
