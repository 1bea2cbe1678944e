import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { joinEstimates, notesOnly } from './cost-sum';
import { firehoseCost } from './firehose-cost';
import { lambdaCost } from './lambda-cost';
import { PipelinePriceList } from './pipeline-price-list';
import { volumeOf } from './source-volume';
import { dynamoDbWrites, s3Growth } from './storage-cost';
import { StreamAnalytics } from '../../analytics/stream-analytics';
import { ArchiveToLake } from '../../archive/archive-to-lake';
import { ShardConsumer } from '../../consume/shard-consumer';
import { StreamingIngest } from '../../ingest/streaming-ingest';
import { KafkaBridge } from '../../kafka/kafka-bridge';
import { KafkaS3Sink } from '../../kafka/kafka-s3-sink';
import { CostEstimate } from '../../planning/cost/cost-estimate';
import { ResolvedWorkload } from '../../planning/kinesis/resolved-workload';
import { ApiGatewayProducer } from '../../produce/api-gateway/api-gateway-producer';
import { DmsProducer } from '../../produce/dms/dms-producer';
import { EventBridgeProducer } from '../../produce/eventbridge/event-bridge-producer';
import { IotRuleProducer } from '../../produce/iot/iot-rule-producer';
import { AggregateToTable } from '../../sinks/aggregate-to-table';
import { IndexToOpenSearch } from '../../sinks/opensearch/index-to-opensearch';
import { DeliverToRedshift } from '../../sinks/redshift/deliver-to-redshift';
import { RedshiftLoadMode } from '../../sinks/redshift/redshift-load-mode';
import { PipelinePart } from '../pipeline-parts';

/** What a part costs, or why it is not priced. */
export type PartPricing = { readonly estimate: CostEstimate } | { readonly notPriced: string };

/** The assumptions of estimates that depend on code the library cannot see. */
export interface PricingAssumptions {
  /** How long a reader's function runs per batch. */
  readonly batchDuration: Duration;
  /** The delivery stream the pipeline built for direct PUT, and the load written to it. */
  readonly directPut?: { readonly delivery: IConstruct; readonly workload: ResolvedWorkload };
}

const NO_WORKLOAD = 'its source states no workload (give the stream or topic a `workload`)';
const NO_RECORD_RATE = 'its source\'s workload states no record rate or size, which Lambda batches depend on '
  + '(Kinesis: give `ingestRecordsPerSecond` or `averageRecordBytes`; a Kafka workload has neither)';

/**
 * Prices one part of a pipeline for a month at its sources' stated peak, or says why it
 * cannot. Streams, clusters and Flink applications price themselves (their `plan`); the
 * rest is estimated here from the sources' workload and the part's settings.
 */
export function pricePart(part: PipelinePart, prices: PipelinePriceList, assumptions: PricingAssumptions): PartPricing {
  const c = part.construct;
  if (c instanceof StreamingIngest) {
    return c.plan ? { estimate: c.plan.cost } : { notPriced: 'the stream states no workload (give it a `workload`)' };
  }
  if (c instanceof KafkaBridge) {
    return c.plan ? { estimate: c.plan.cost } : {
      notPriced: c.serverless
        ? 'MSK Serverless bills per partition-hour and GB, which the serverless plan does not price'
        : 'the cluster states no workload (give it a `workload`)',
    };
  }
  if (c instanceof StreamAnalytics) {
    return { estimate: c.plan.cost };
  }
  const volume = c === assumptions.directPut?.delivery ? assumptions.directPut.workload : volumeOf(part.sources);
  if (volume === undefined) {
    return { notPriced: NO_WORKLOAD };
  }
  if ((c instanceof ShardConsumer || c instanceof AggregateToTable) && volume.ingestRecordsPerSecond === undefined) {
    return { notPriced: NO_RECORD_RATE };
  }
  if (c instanceof ShardConsumer) {
    return { estimate: lambdaCost(c, volume, prices, assumptions.batchDuration) };
  }
  if (c instanceof AggregateToTable) {
    return { estimate: joinEstimates(lambdaCost(c.consumer, volume, prices, assumptions.batchDuration), dynamoDbWrites(c, volume, prices)) };
  }
  if (c instanceof ArchiveToLake) {
    return { estimate: joinEstimates(firehoseCost(volume, prices, c.format._converts, c.partitionBy.length > 0), s3Growth(volume, prices)) };
  }
  if (c instanceof IndexToOpenSearch) {
    const firehose = firehoseCost(volume, prices, false, false);
    return { estimate: joinEstimates(firehose, notesOnly('The OpenSearch domain or collection is not priced.')) };
  }
  if (c instanceof DeliverToRedshift) {
    if (c.mode !== RedshiftLoadMode.FIREHOSE_COPY) {
      return { notPriced: 'streaming ingestion is billed as Redshift compute, which is not priced' };
    }
    return { estimate: joinEstimates(firehoseCost(volume, prices, false, false), notesOnly('Redshift compute and storage are not priced.')) };
  }
  if (c instanceof KafkaS3Sink) {
    return { estimate: joinEstimates(s3Growth(volume, prices), notesOnly('MSK Connect workers (MCU-hours) are not priced.')) };
  }
  return { notPriced: PRODUCERS_NOT_PRICED.find(p => c instanceof p.type)?.reason ?? `${part.service} is not priced` };
}

/** What a producer bills, which the report leaves out. */
const PRODUCERS_NOT_PRICED = [
  { type: ApiGatewayProducer, reason: 'API Gateway requests are not priced' },
  { type: IotRuleProducer, reason: 'AWS IoT messages and rule actions are not priced' },
  { type: EventBridgeProducer, reason: 'EventBridge events are not priced' },
  { type: DmsProducer, reason: 'the DMS replication instance is not priced' },
];
