import { KinesisLimits, BYTES_PER_MIB } from './kinesis-limits';
import { StreamWorkload } from './stream-workload';
import { checkPositive, checkRange } from '../common/checks';
import { InputError } from '../common/input-error';

/** Largest headroom accepted (plan for 11× the stated peak): beyond that, state the peak. */
const MAX_HEADROOM = 10;

/** A validated workload with every default applied, as the planner uses it. */
export interface ResolvedWorkload {
  readonly ingestMBps: number;
  readonly consumeMBps: number;
  readonly ingestRecordsPerSecond?: number;
  readonly averageRecordBytes?: number;
  readonly pollingConsumers: number;
  readonly enhancedFanOutConsumers: number;
  readonly headroom: number;
}

/**
 * Validates a workload and fills in its defaults.
 *
 * Messages name the field as `workload.<field>`, the allowed range and the value given.
 */
export function resolveWorkload(workload: StreamWorkload): ResolvedWorkload {
  const field = (name: string, unit?: string) => ({ name: `workload.${name}`, unit });
  checkPositive(field('ingestMBps', 'MiB/s'), workload.ingestMBps);
  if (workload.ingestMBps === undefined) {
    throw new InputError('`workload.ingestMBps` is required: the peak write throughput in MiB/s');
  }
  checkRange(field('consumeMBps', 'MiB/s'), workload.consumeMBps, 0, Number.MAX_SAFE_INTEGER);
  checkPositive(field('ingestRecordsPerSecond', 'records/s'), workload.ingestRecordsPerSecond);
  checkRange(field('averageRecordBytes', 'bytes'), workload.averageRecordBytes, 1, KinesisLimits.MAX_RECORD_BYTES);
  checkRange(field('pollingConsumers'), workload.pollingConsumers, 0, 1000, true);
  checkRange(field('enhancedFanOutConsumers'), workload.enhancedFanOutConsumers, 0, KinesisLimits.MAX_EFO_CONSUMERS, true);
  checkRange(field('headroom', '(a fraction: 0.25 plans for 25% above the peak)'), workload.headroom, 0, MAX_HEADROOM);

  const pollingConsumers = workload.pollingConsumers ?? 1;
  const bytesPerSecond = workload.ingestMBps * BYTES_PER_MIB;
  const records = workload.ingestRecordsPerSecond
    ?? (workload.averageRecordBytes ? bytesPerSecond / workload.averageRecordBytes : undefined);
  const averageBytes = workload.averageRecordBytes
    ?? (workload.ingestRecordsPerSecond ? bytesPerSecond / workload.ingestRecordsPerSecond : undefined);
  return {
    ingestMBps: workload.ingestMBps,
    consumeMBps: workload.consumeMBps ?? workload.ingestMBps * pollingConsumers,
    ingestRecordsPerSecond: records,
    averageRecordBytes: averageBytes,
    pollingConsumers,
    enhancedFanOutConsumers: workload.enhancedFanOutConsumers ?? 0,
    headroom: workload.headroom ?? 0,
  };
}
