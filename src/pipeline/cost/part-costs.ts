import { Duration, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { PipelinePriceList } from './pipeline-price-list';
import { US_EAST_1_LAMBDA_PRICES, US_EAST_1_STORAGE_PRICES } from './us-east-1-service-prices';
import { StreamAnalytics } from '../../analytics/stream-analytics';
import { ArchiveToLake } from '../../archive/archive-to-lake';
import { checkAtLeast, checkKnown } from '../../common/checks';
import { num } from '../../common/format';
import { ShardConsumer } from '../../consume/shard-consumer';
import { StreamingIngest } from '../../ingest/streaming-ingest';
import { KafkaBridge } from '../../kafka/kafka-bridge';
import { KafkaS3Sink } from '../../kafka/kafka-s3-sink';
import { KafkaTopic } from '../../kafka/kafka-topic';
import { billedItem, BYTES_PER_GB, cents, SECONDS_PER_MONTH } from '../../planning/cost/billing';
import { CostEstimate } from '../../planning/cost/cost-estimate';
import { CostItem } from '../../planning/cost/cost-item';
import { FIREHOSE_RECORD_ROUNDING_BYTES, resolveFirehosePrices } from '../../planning/firehose/firehose-pricing';
import { ResolvedWorkload, resolveWorkload } from '../../planning/kinesis/resolved-workload';
import { StreamWorkload } from '../../planning/kinesis/stream-workload';
import { BYTES_PER_MIB } from '../../planning/units';
import { ApiGatewayProducer } from '../../produce/api-gateway/api-gateway-producer';
import { DmsProducer } from '../../produce/dms/dms-producer';
import { EventBridgeProducer } from '../../produce/eventbridge/event-bridge-producer';
import { IotRuleProducer } from '../../produce/iot/iot-rule-producer';
import { AggregateToTable } from '../../sinks/aggregate-to-table';
import { IndexToOpenSearch } from '../../sinks/opensearch/index-to-opensearch';
import { DeliverToRedshift } from '../../sinks/redshift/deliver-to-redshift';
import { RedshiftLoadMode } from '../../sinks/redshift/redshift-load-mode';
import { IStreamSource } from '../../source/stream-source';
import { PipelinePart } from '../pipeline-parts';

/** A price list's overrides, each a known number of USD from 0, over the defaults. */
function resolveServicePrices<T extends object>(name: string, defaults: Required<T>, overrides: T = {} as T): Required<T> {
  const resolved: Record<string, number> = { ...defaults as Record<string, number> };
  for (const [field, value] of Object.entries(overrides)) {
    if (value === undefined) {
      continue;
    }
    checkKnown({ name: `${name}.${field}` }, value);
    checkAtLeast({ name: `${name}.${field}`, unit: 'USD' }, value, 0);
    resolved[field] = value;
  }
  return resolved as Required<T>;
}

/** Lambda's default memory, assumed for a function whose memory the app does not show (imported). */
const DEFAULT_MEMORY_MB = 128;
/** Lambda polls each shard about once a second: a batch at most once a second per shard without a window. */
const POLL_INTERVAL_SECONDS = 1;
/** The most a batch can carry to a function: Lambda's 6 MB invocation payload. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024;
/**
 * Writes of the aggregate handler per shard and window besides one per key: the flush's log,
 * the claim on the shard's progress item and its completion (src/sinks/aggregate/handler.ts).
 */
const FLUSH_WRITES_PER_WINDOW = 3;

/** What a part costs, or why it is not priced. */
export type PartPricing = { readonly estimate: CostEstimate } | { readonly notPriced: string };

/** The assumptions of estimates that depend on code the library cannot see. */
export interface PricingAssumptions {
  /** How long a reader's function runs per batch. */
  readonly batchDuration: Duration;
  /** The delivery stream the pipeline built for direct PUT, and the load written to it. */
  readonly directPut?: { readonly delivery: IConstruct; readonly workload: ResolvedWorkload };
}

/**
 * A source's load: its workload, or for a Kafka topic alone on its cluster, the cluster's
 * (a Kafka workload states MiB/s, not records).
 */
function workloadOf(source: IStreamSource): StreamWorkload | undefined {
  if (source.workload) {
    return source.workload;
  }
  if (source instanceof KafkaTopic && source.bridge.topics.length === 1 && source.bridge.plan) {
    return { ingestMibPerSecond: source.bridge.plan.workload.ingestMibPerSecond };
  }
  return undefined;
}

/** The records a part moves each second, from the workload of the sources it reads. */
function volumeOf(sources: IStreamSource[]): ResolvedWorkload | undefined {
  const workloads = sources.map(workloadOf);
  if (workloads.length === 0 || workloads.some(w => w === undefined)) {
    return undefined;
  }
  const resolved = workloads.map(w => resolveWorkload(w!));
  const mib = resolved.reduce((n, w) => n + w.ingestMibPerSecond, 0);
  const known = resolved.every(w => w.ingestRecordsPerSecond !== undefined);
  const records = known ? resolved.reduce((n, w) => n + w.ingestRecordsPerSecond!, 0) : undefined;
  const averageRecordBytes = records ? mib * BYTES_PER_MIB / records : undefined;
  return { ...resolved[0], ingestMibPerSecond: mib, ingestRecordsPerSecond: records, averageRecordBytes };
}

function estimate(items: CostItem[], notes: string[]): CostEstimate {
  const kept = items.filter(i => i.monthlyUsd > 0);
  return { monthlyUsd: cents(items.reduce((n, i) => n + (i.quantity ?? 0) * (i.unitPriceUsd ?? 0), 0)), items: kept, notes };
}

function join(...estimates: CostEstimate[]): CostEstimate {
  return estimate(estimates.flatMap(e => e.items), estimates.flatMap(e => e.notes));
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
    return { estimate: lambdaCost(c, volume, prices, assumptions) };
  }
  if (c instanceof AggregateToTable) {
    return { estimate: join(lambdaCost(c.consumer, volume, prices, assumptions), dynamoDbWrites(c, volume, prices)) };
  }
  if (c instanceof ArchiveToLake) {
    return { estimate: join(firehoseCost(volume, prices, c.format._converts, c.partitionBy.length > 0), s3Growth(volume, prices)) };
  }
  if (c instanceof IndexToOpenSearch) {
    const firehose = firehoseCost(volume, prices, false, false);
    return { estimate: join(firehose, estimate([], ['The OpenSearch domain or collection is not priced.'])) };
  }
  if (c instanceof DeliverToRedshift) {
    if (c.mode !== RedshiftLoadMode.FIREHOSE_COPY) {
      return { notPriced: 'streaming ingestion is billed as Redshift compute, which is not priced' };
    }
    return { estimate: join(firehoseCost(volume, prices, false, false), estimate([], ['Redshift compute and storage are not priced.'])) };
  }
  if (c instanceof KafkaS3Sink) {
    return { estimate: join(s3Growth(volume, prices), estimate([], ['MSK Connect workers (MCU-hours) are not priced.'])) };
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

/** The reader's shards (Kinesis) or partitions (Kafka): how many batches run side by side. */
function shardsOf(source: IStreamSource): number {
  if (source instanceof KafkaTopic) {
    return source.partitionCount;
  }
  return source.plan?.shardCount ?? 1;
}

/**
 * Lambda GB-seconds and requests of a reader, from its batch settings: per shard, a batch
 * is full (`batchSize`, or as many records as fit Lambda's 6 MB) or closes after
 * `maxBatchingWindow` (at least the 1 s poll), so batches a second =
 * max(records ÷ batch, min(1 ÷ window, records)).
 */
function lambdaCost(consumer: ShardConsumer, volume: ResolvedWorkload, prices: PipelinePriceList, assumptions: PricingAssumptions): CostEstimate {
  const p = resolveServicePrices('prices.lambda', US_EAST_1_LAMBDA_PRICES, prices.lambda);
  const records = volume.ingestRecordsPerSecond!;
  const shards = shardsOf(consumer.source);
  const perShard = records / shards;
  const batch = Math.max(1, Math.min(consumer.batchSize, Math.floor(MAX_BATCH_BYTES / (volume.averageRecordBytes ?? 1))));
  const period = Math.max(consumer.maxBatchingWindow.toSeconds({ integral: false }), POLL_INTERVAL_SECONDS);
  const batchesPerShard = Math.max(perShard / batch, Math.min(1 / period, perShard));
  const invocations = shards * batchesPerShard * SECONDS_PER_MONTH;
  const { memoryMb, known } = memoryOf(consumer.handler);
  const arm = consumer.handler.architecture === lambda.Architecture.ARM_64;
  const seconds = assumptions.batchDuration.toSeconds({ integral: false });
  const gbSeconds = invocations * memoryMb / 1024 * seconds;
  const notes = [`${consumer.readerName}: ${assumptions.batchDuration.toHumanString()} a batch assumed (the pipeline's \`batchDuration\`); `
    + 'the monthly free tier is not deducted.'];
  if (!known) {
    notes.push(`${consumer.readerName}: the function's memory is not in this app; Lambda's default ${DEFAULT_MEMORY_MB} MB is assumed.`);
  }
  if (batch < consumer.batchSize) {
    notes.push(`${consumer.readerName}: batches of ${batch} records, as many as fit Lambda's 6 MB payload, not ${consumer.batchSize}.`);
  }
  const busy = batchesPerShard * seconds;
  if (busy > consumer.parallelizationFactor) {
    notes.push(`${consumer.readerName}: ${num(batchesPerShard)} batches a second per shard at ${assumptions.batchDuration.toHumanString()} each `
      + `need ${num(busy)} batches running at once per shard, more than its parallelization factor of ${consumer.parallelizationFactor}: `
      + 'at this duration the reader falls behind, and this estimate is for a reader that keeps up.');
  }
  return estimate([
    billedItem('Lambda invocations', invocations / 1e6, 'million requests', p.requestsPerMillionUsd),
    billedItem(`Lambda compute (${memoryMb} MB, ${arm ? 'arm64' : 'x86_64'})`, gbSeconds, 'GB-second',
      arm ? p.armComputePerGbSecondUsd : p.x86ComputePerGbSecondUsd),
  ], notes);
}

function memoryOf(handler: lambda.IFunction): { memoryMb: number; known: boolean } {
  if (handler instanceof lambda.Function) {
    const memory = (handler.node.defaultChild as lambda.CfnFunction).memorySize;
    return { memoryMb: memory !== undefined && !Token.isUnresolved(memory) ? memory : DEFAULT_MEMORY_MB, known: true };
  }
  return { memoryMb: DEFAULT_MEMORY_MB, known: false };
}

/**
 * DynamoDB write request units of an aggregate, at most. The handler writes when a window
 * closes, per shard: one UpdateItem per key seen in the window (at most one per record: a
 * key repeated within the window merges into one write), plus the flush's log, claim and
 * completion. Items of 1 KB or less.
 */
function dynamoDbWrites(aggregate: AggregateToTable, volume: ResolvedWorkload, prices: PipelinePriceList): CostEstimate {
  const p = resolveServicePrices('prices.storage', US_EAST_1_STORAGE_PRICES, prices.storage);
  const windows = SECONDS_PER_MONTH / aggregate.window.toSeconds({ integral: false });
  const writes = volume.ingestRecordsPerSecond! * SECONDS_PER_MONTH + shardsOf(aggregate.consumer.source) * windows * FLUSH_WRITES_PER_WINDOW;
  return estimate([billedItem('DynamoDB writes', writes / 1e6, 'million write request units', p.dynamoDbWriteRequestUnitsPerMillionUsd)],
    ['DynamoDB writes are an upper bound: one write per record and three per shard and window, items of 1 KB or less; '
      + 'keys repeated within a window merge into one write and cost less.']);
}

/** GB a month: raw, and as Firehose bills ingestion (each record rounded up to 5 KB). */
function monthlyGb(volume: ResolvedWorkload): { raw: number; billed: number; rounded: boolean } {
  const raw = volume.ingestMibPerSecond * BYTES_PER_MIB * SECONDS_PER_MONTH / BYTES_PER_GB;
  if (volume.ingestRecordsPerSecond === undefined || volume.averageRecordBytes === undefined) {
    return { raw, billed: raw, rounded: false };
  }
  const rounded = Math.ceil(volume.averageRecordBytes / FIREHOSE_RECORD_ROUNDING_BYTES) * FIREHOSE_RECORD_ROUNDING_BYTES;
  return { raw, billed: volume.ingestRecordsPerSecond * rounded * SECONDS_PER_MONTH / BYTES_PER_GB, rounded: true };
}

/**
 * A delivery stream's ingestion (records rounded up to 5 KB, as for direct PUT; the same
 * rate is assumed for a stream or topic as source), and conversion and partitioning per GB.
 */
function firehoseCost(volume: ResolvedWorkload, prices: PipelinePriceList, converts: boolean, partitions: boolean): CostEstimate {
  const p = resolveFirehosePrices(prices.firehose);
  const gb = monthlyGb(volume);
  const notes = ['Firehose ingestion at the first tier\'s direct PUT price, each record rounded up to 5 KB.'];
  if (!gb.rounded) {
    notes.push('The workload gives no record size, so records are not rounded up to 5 KB: small records cost more than this.');
  }
  const items = [billedItem('Firehose data ingested', gb.billed, 'GB', p.directPutIngestPerGbUsd)];
  if (converts) {
    items.push(billedItem('Firehose format conversion', gb.raw, 'GB', p.formatConversionPerGbUsd));
  }
  if (partitions) {
    items.push(billedItem('Firehose dynamic partitioning', gb.raw, 'GB', p.dynamicPartitioningPerGbUsd));
    notes.push('Dynamic partitioning\'s per-object and JQ-hour charges are not priced.');
  }
  return estimate(items, notes);
}

/** What a month of records adds to the S3 bill, stored as written (compression makes it less). */
function s3Growth(volume: ResolvedWorkload, prices: PipelinePriceList): CostEstimate {
  const p = resolveServicePrices('prices.storage', US_EAST_1_STORAGE_PRICES, prices.storage);
  const gb = monthlyGb(volume).raw;
  return estimate([billedItem('S3 storage added each month', gb, 'GB-month', p.s3StandardPerGbMonthUsd)],
    ['S3 storage grows by this much every month the data is kept, priced uncompressed at S3 Standard; GZIP or Parquet store less.']);
}
