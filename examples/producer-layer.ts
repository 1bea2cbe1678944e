import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ApiGatewayProducer, DmsMigrationType, DmsProducer, IStreamSource, PartitionKey } from '../src';

/** What the producers write to (their pipeline pages on-call for every alarm). */
export interface ProducerLayerProps {
  readonly clickstream: IStreamSource;
  readonly orders: IStreamSource;
}

/**
 * The sources of the reference architecture, each wired to its stream with a key that spreads.
 *
 * - Clickstream: a REST front door. The web tier's collector signs each batch of clicks
 *   (IAM authorization) and posts it; API Gateway puts them on the stream keyed by session,
 *   the key the stream was sized with, without a Lambda in between.
 * - Orders: change data capture from the orders database through DMS. The source endpoint
 *   and the replication instance belong to the database team and are imported by ARN; the
 *   rows are keyed by primary key with `schema.table` in front, so they spread over both shards.
 */
export class ProducerLayer extends Construct {
  public readonly clickstreamApi: ApiGatewayProducer;
  public readonly ordersCdc: DmsProducer;

  constructor(scope: Construct, id: string, props: ProducerLayerProps) {
    super(scope, id);

    this.clickstreamApi = new ApiGatewayProducer(this, 'ClickstreamApi', {
      source: props.clickstream,
      writerName: 'clickstream-api',
      // 4 MiB/s of 700-byte clicks at peak: the clickstream's stated workload.
      recordsPerSecond: 5_900,
      averageRecordBytes: 700,
      partitionKey: PartitionKey.field('sessionId', { distinctValues: 250_000 }),
    });

    const stack = Stack.of(this);
    const dmsArn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: 'dms', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.ordersCdc = new DmsProducer(this, 'OrdersCdc', {
      source: props.orders,
      writerName: 'orders-cdc',
      sourceEndpointArn: dmsArn('endpoint', 'ORDERSDBPOSTGRESSOURCE'),
      replicationInstanceArn: dmsArn('rep', 'ORDERSREPLICATIONINSTANCE'),
      tables: [{ schemaName: 'sales', tableName: 'orders' }],
      migrationType: DmsMigrationType.CDC,
      // 200 order changes a second at peak, about 2 KiB each as JSON: within the stream's workload.
      recordsPerSecond: 200,
      averageRecordBytes: 2_000,
      distinctKeys: 50_000,
      latencyObjective: Duration.minutes(1),
    });
  }
}
