import * as path from 'path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { AnalyticsSink, ApplicationCode, IStreamSource, StreamAnalytics, StreamReadMode } from '../src';

/** What the analytics layer reads (its pipeline pages on-call for every alarm). */
export interface AnalyticsLayerProps {
  /** The orders stream. */
  readonly orders: IStreamSource;
}

/**
 * The reference document's real-time analytics: a Managed Flink job on the orders stream
 * that writes per-window results (orders and spend per store every minute) to a table.
 *
 * It reads through its own enhanced fan-out consumer (the orders workload counts it), so
 * that it neither slows the stream's polling readers nor waits on them. One subtask keeps
 * up with about 500 orders a second in the team's load test; at the 250 orders a second
 * the stream is sized for, with half again as headroom, that plans one subtask on one KPU
 * (plus the orchestration KPU), as many as the stream has shards. The job is the team's:
 * `flink-job/` stands in for it.
 */
export class AnalyticsLayer extends Construct {
  public readonly orderWindows: StreamAnalytics;
  public readonly windowsTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: AnalyticsLayerProps) {
    super(scope, id);

    this.windowsTable = new dynamodb.Table(this, 'Windows', {
      partitionKey: { name: 'store_id', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'window_start', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.orderWindows = new StreamAnalytics(this, 'OrderWindows', {
      source: props.orders,
      readerName: 'order-windows',
      readMode: StreamReadMode.ENHANCED_FAN_OUT,
      code: ApplicationCode.fromAsset(path.join(__dirname, 'flink-job')),
      workload: { recordsPerSecond: 250, recordsPerSecondPerSubtask: 500, headroom: 0.5 },
      sinks: [AnalyticsSink.toTable(this.windowsTable, { name: 'windows' })],
    });
  }
}
