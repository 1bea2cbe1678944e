import { KafkaTopic } from '../../kafka/kafka-topic';
import { ResolvedWorkload, resolveWorkload } from '../../planning/kinesis/resolved-workload';
import { StreamWorkload } from '../../planning/kinesis/stream-workload';
import { BYTES_PER_MIB } from '../../planning/units';
import { IStreamSource } from '../../source/stream-source';

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

/** The records a part moves each second, from the workload of the sources it reads; undefined when one states none. */
export function volumeOf(sources: IStreamSource[]): ResolvedWorkload | undefined {
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

/** The source's shards (Kinesis) or partitions (Kafka): how many batches a reader runs side by side. */
export function shardsOf(source: IStreamSource): number {
  if (source instanceof KafkaTopic) {
    return source.partitionCount;
  }
  return source.plan?.shardCount ?? 1;
}
