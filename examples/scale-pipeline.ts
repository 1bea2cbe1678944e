import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { accessLogsBucket } from './access-logs-bucket';
import { ORDER_PLACED } from './order-events';
import {
  AggregateMeasure, AggregateToTable, ArchiveFormat, ArchiveToLake, IndexToOpenSearch, ShardConsumer, StreamingIngest, StreamingPipeline,
} from '../src';

/** How large a pipeline to build. */
export interface ScalePipelineProps extends StackProps {
  /** Lambda readers, each through its own enhanced fan-out consumer (Kinesis allows 20 a stream). */
  readonly consumers: number;
}

/**
 * The largest pipeline the library promises to keep within CloudFormation's limits (500
 * resources, a 1 MB template): one stream, 20 Lambda readers through enhanced fan-out, and 5
 * sinks (three lakes, an aggregate table, an OpenSearch index), in one `StreamingPipeline`
 * with its dashboard, alarm action and cost output. Not part of the main job: the scale
 * test and `bench/scale.ts` build it with 5 to 20 readers to show that what it costs grows
 * linearly with them.
 */
export class ScalePipelineStack extends Stack {
  public readonly pipeline: StreamingPipeline;

  constructor(scope: Construct, id: string, props: ScalePipelineProps) {
    super(scope, id, props);
    const stream = new StreamingIngest(this, 'Events', {
      workload: { ingestMibPerSecond: 2, ingestRecordsPerSecond: 2000, enhancedFanOutConsumers: props.consumers, pollingConsumers: 5 },
    });
    this.pipeline = new StreamingPipeline(this, 'Pipeline', { sources: [stream] });
    for (let i = 1; i <= props.consumers; i++) {
      const handler = new lambda.Function(this, `Handler${i}`, {
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
        timeout: Duration.seconds(30),
      });
      new ShardConsumer(this, `Reader${i}`, { source: stream, handler, readerName: `reader-${i}`, enhancedFanOut: true });
    }
    const logs = accessLogsBucket(this, 'AccessLogs');
    new ArchiveToLake(this, 'RawLake', { source: stream, readerName: 'raw-lake', accessLogsBucket: logs });
    new ArchiveToLake(this, 'OrdersLake', {
      source: stream, readerName: 'orders-lake', format: ArchiveFormat.parquet(ORDER_PLACED), accessLogsBucket: logs,
    });
    new ArchiveToLake(this, 'CustomerLake', {
      source: stream, readerName: 'customer-lake', prefix: 'by-customer/', partitionBy: ['customer_id'], accessLogsBucket: logs,
    });
    new AggregateToTable(this, 'Spend', {
      source: stream, readerName: 'spend', keyField: 'customer_id', window: Duration.minutes(1), measures: [AggregateMeasure.sum('amount')],
    });
    new IndexToOpenSearch(this, 'Search', { source: stream, readerName: 'search', indexName: 'events', accessLogsBucket: logs });
  }
}
