import { Duration, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { sumItems } from './cost-sum';
import { PipelinePriceList } from './pipeline-price-list';
import { shardsOf } from './source-volume';
import { US_EAST_1_LAMBDA_PRICES } from './us-east-1-service-prices';
import { num } from '../../common/format';
import { ShardConsumer } from '../../consume/shard-consumer';
import { billedItem, SECONDS_PER_MONTH } from '../../planning/cost/billing';
import { CostEstimate } from '../../planning/cost/cost-estimate';
import { resolvePriceList } from '../../planning/cost/resolve-price-list';
import { ResolvedWorkload } from '../../planning/kinesis/resolved-workload';

/** Lambda's default memory, assumed for a function whose memory the app does not show (imported). */
const DEFAULT_MEMORY_MB = 128;
/** Lambda polls each shard about once a second: a batch at most once a second per shard without a window. */
const POLL_INTERVAL_SECONDS = 1;
/** The most a batch can carry to a function: Lambda's 6 MB invocation payload. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024;

/**
 * Lambda GB-seconds and requests of a reader, from its batch settings: per shard, a batch
 * is full (`batchSize`, or as many records as fit Lambda's 6 MB) or closes after
 * `maxBatchingWindow` (at least the 1 s poll), so batches a second =
 * max(records ÷ batch, min(1 ÷ window, records)).
 *
 * @param batchDuration how long the function runs per batch: the pipeline's assumption, since the library cannot see the code
 */
export function lambdaCost(consumer: ShardConsumer, volume: ResolvedWorkload, prices: PipelinePriceList, batchDuration: Duration): CostEstimate {
  const p = resolvePriceList('prices.lambda', US_EAST_1_LAMBDA_PRICES, prices.lambda);
  const records = volume.ingestRecordsPerSecond!;
  const shards = shardsOf(consumer.source);
  const perShard = records / shards;
  const batch = Math.max(1, Math.min(consumer.batchSize, Math.floor(MAX_BATCH_BYTES / (volume.averageRecordBytes ?? 1))));
  const period = Math.max(consumer.maxBatchingWindow.toSeconds({ integral: false }), POLL_INTERVAL_SECONDS);
  const batchesPerShard = Math.max(perShard / batch, Math.min(1 / period, perShard));
  const invocations = shards * batchesPerShard * SECONDS_PER_MONTH;
  const { memoryMb, known } = memoryOf(consumer.handler);
  const arm = consumer.handler.architecture === lambda.Architecture.ARM_64;
  const seconds = batchDuration.toSeconds({ integral: false });
  const gbSeconds = invocations * memoryMb / 1024 * seconds;
  const notes = [`${consumer.readerName}: ${batchDuration.toHumanString()} a batch assumed (the pipeline's \`batchDuration\`); `
    + 'the monthly free tier is not deducted.'];
  if (!known) {
    notes.push(`${consumer.readerName}: the function's memory is not in this app; Lambda's default ${DEFAULT_MEMORY_MB} MB is assumed.`);
  }
  if (batch < consumer.batchSize) {
    notes.push(`${consumer.readerName}: batches of ${batch} records, as many as fit Lambda's 6 MB payload, not ${consumer.batchSize}.`);
  }
  const busy = batchesPerShard * seconds;
  if (busy > consumer.parallelizationFactor) {
    notes.push(`${consumer.readerName}: ${num(batchesPerShard)} batches a second per shard at ${batchDuration.toHumanString()} each `
      + `need ${num(busy)} batches running at once per shard, more than its parallelization factor of ${consumer.parallelizationFactor}: `
      + 'at this duration the reader falls behind, and this estimate is for a reader that keeps up.');
  }
  return sumItems([
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
