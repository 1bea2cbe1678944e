import { Annotations, Aspects } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProducerProps } from './producer-props';
import { withPath } from '../common/input-error';
import { PartitionKey } from '../planning/kinesis/partition-key';
import { ShardPlan } from '../planning/kinesis/shard-plan';
import { ShardSizing } from '../planning/kinesis/shard-sizing';
import { BYTES_PER_MIB } from '../planning/units';
import { IWriterBinding } from '../source/writer-binding';

/**
 * Registers a producer as a writer of its source and checks its partition key against
 * the producer's own load, the way `StreamingIngest` checks its declared key:
 * - now, a key whose busiest value alone is more than one shard accepts (a constant key
 *   above 1,000 records/s, a hot field) is an error: no shard count can fix it;
 * - at synth, once every reader and writer is bound, the key's risks (a constant, a field
 *   that usually has few values, an uneven spread over the stream's shards) are warnings
 *   `cdk-streaming-pipelines:<warningScope>:<id>` on the producer.
 */
export function bindProducer(producer: Construct, props: ProducerProps, partitionKey: PartitionKey, warningScope: string): IWriterBinding {
  const binding = props.source.bindWriter(producer, {
    writerName: props.writerName ?? producer.node.id,
    recordsPerSecond: props.recordsPerSecond,
    averageRecordBytes: props.averageRecordBytes,
    partitionKey,
  });
  withPath(producer, () => partitionKey.analyze(producerPlan(props)));
  Aspects.of(producer).add({
    visit: node => {
      if (node !== producer) {
        return;
      }
      const analysis = withPath(producer, () => partitionKey.analyze(producerPlan(props, props.source.plan)));
      for (const warning of analysis.warnings) {
        Annotations.of(producer).addWarningV2(`cdk-streaming-pipelines:${warningScope}:${warning.id}`, warning.message);
      }
    },
  });
  return binding;
}

/**
 * The producer's own load on the source's shards (or, without a source plan, on the
 * shards it alone needs). Without a record size only the records limit is judged.
 */
function producerPlan(props: ProducerProps, sourcePlan?: ShardPlan): ShardPlan {
  const bytes = props.averageRecordBytes ?? sourcePlan?.workload.averageRecordBytes ?? props.source.workload?.averageRecordBytes ?? 1;
  return ShardSizing.plan(
    { ingestRecordsPerSecond: props.recordsPerSecond, ingestMibPerSecond: props.recordsPerSecond * bytes / BYTES_PER_MIB },
    { shardCount: sourcePlan?.shardCount },
  );
}
