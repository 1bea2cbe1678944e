import { KinesisLimits } from './kinesis-limits';
import { StreamWorkload } from './stream-workload';
import { checkAtLeast, checkKnown, checkPositive, checkRange } from '../../common/checks';
import { num } from '../../common/format';
import { InputError } from '../../common/input-error';
import { BYTES_PER_MIB } from '../units';

/** Largest headroom accepted (plan for 11× the stated peak): beyond that, state the peak. */
const MAX_HEADROOM = 10;
/** Most polling consumers accepted: far beyond what 5 GetRecords calls/s per shard serve. */
const MAX_POLLING_CONSUMERS = 1000;

/** A validated workload with every default applied, as the planner uses it. */
export interface ResolvedWorkload {
  readonly ingestMibPerSecond: number;
  readonly consumeMibPerSecond: number;
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
  const field = (name: keyof StreamWorkload, unit?: string) => ({ name: `workload.${name}`, unit });
  for (const name of Object.keys(workload) as Array<keyof StreamWorkload>) {
    checkKnown(field(name), workload[name]);
  }
  if (workload.ingestMibPerSecond === undefined) {
    throw new InputError('`workload.ingestMibPerSecond` is required: the peak write throughput in MiB/s');
  }
  checkPositive(field('ingestMibPerSecond', 'MiB/s'), workload.ingestMibPerSecond);
  checkAtLeast(field('consumeMibPerSecond', 'MiB/s'), workload.consumeMibPerSecond, 0);
  checkPositive(field('ingestRecordsPerSecond', 'records/s'), workload.ingestRecordsPerSecond);
  checkRange(field('averageRecordBytes', 'bytes'), workload.averageRecordBytes, 1, KinesisLimits.MAX_RECORD_BYTES);
  checkRange(field('pollingConsumers'), workload.pollingConsumers, 0, MAX_POLLING_CONSUMERS, true);
  checkRange(field('enhancedFanOutConsumers'), workload.enhancedFanOutConsumers, 0, KinesisLimits.MAX_EFO_CONSUMERS, true);
  checkRange(field('headroom', '(a fraction: 0.25 plans for 25% above the peak)'), workload.headroom, 0, MAX_HEADROOM);

  const pollingConsumers = workload.pollingConsumers ?? 1;
  const bytesPerSecond = workload.ingestMibPerSecond * BYTES_PER_MIB;
  const records = workload.ingestRecordsPerSecond
    ?? (workload.averageRecordBytes ? bytesPerSecond / workload.averageRecordBytes : undefined);
  const averageBytes = workload.averageRecordBytes
    ?? (workload.ingestRecordsPerSecond ? bytesPerSecond / workload.ingestRecordsPerSecond : undefined);
  if (workload.averageRecordBytes === undefined && averageBytes !== undefined
    && !(averageBytes >= 1 && averageBytes <= KinesisLimits.MAX_RECORD_BYTES)) {
    // Enough digits that a size just past a bound never prints as the bound itself.
    const size = averageBytes < 1 ? String(Number(averageBytes.toPrecision(6))) : num(averageBytes, 3);
    throw new InputError(`\`workload.ingestRecordsPerSecond\` ${records} with \`ingestMibPerSecond\` ${workload.ingestMibPerSecond} means `
      + `${size}-byte records, outside the 1 to ${num(KinesisLimits.MAX_RECORD_BYTES, 0)} bytes a record can have: `
      + 'check both figures');
  }
  return {
    ingestMibPerSecond: workload.ingestMibPerSecond,
    consumeMibPerSecond: workload.consumeMibPerSecond ?? workload.ingestMibPerSecond * pollingConsumers,
    ingestRecordsPerSecond: records,
    averageRecordBytes: averageBytes,
    pollingConsumers,
    enhancedFanOutConsumers: workload.enhancedFanOutConsumers ?? 0,
    headroom: workload.headroom ?? 0,
  };
}
