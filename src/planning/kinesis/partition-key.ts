import { KinesisLimits } from './kinesis-limits';
import { ShardPlan } from './shard-plan';
import { checkKnown, checkPositive, checkRange } from '../../common/checks';
import { count, num, pct } from '../../common/format';
import { InputError } from '../../common/input-error';
import { PlanWarning } from '../plan-warning';

/** What is known about a record field used as the partition key. */
export interface PartitionKeyFieldOptions {
  /**
   * How many distinct values the field takes at peak (e.g. active customers).
   *
   * Kinesis hashes each value to one shard, so fewer distinct values than about ten
   * per shard leave the load uneven.
   *
   * @default - unknown: only the field name is checked
   */
  readonly distinctValues?: number;

  /**
   * Share of all writes that carry the single most frequent value, between 0 and 1
   * (e.g. `0.05` when the busiest customer sends 5% of the events).
   *
   * @default - 1 ÷ `distinctValues` (an even spread), or unknown
   */
  readonly hottestKeyShare?: number;
}

/** What a partition key does to the hottest shard, from `PartitionKey.analyze()`. */
export interface PartitionKeyAnalysis {
  /**
   * Predicted share of all writes that land on the busiest shard, at best (an even hash).
   * @default - unknown: no plan was given, or the key's cardinality is not given
   */
  readonly hottestShardShare?: number;
  /**
   * Predicted write throughput of the busiest shard in MiB/s, at best.
   * @default - unknown: no plan was given, or the key's cardinality is not given
   */
  readonly hottestShardMibPerSecond?: number;
  /**
   * Risks the key brings, each with a stable id and a message that says what to change:
   * `partitionKeyLowCardinality` (a field name that usually has few values, whose count
   * is not stated) and `partitionKeyUneven` (the busiest shard takes far more than an
   * even share). `StreamingIngest` raises them as acknowledgeable warnings.
   */
  readonly warnings: PlanWarning[];
}

/**
 * Field names that usually take a handful of values: as a partition key they send all
 * records of one value to one shard (the reference document's anti-pattern).
 * Compared lower-case, without `_` and `-`.
 */
const LOW_CARDINALITY_NAMES = new Set([
  'type', 'eventtype', 'eventname', 'recordtype', 'messagetype', 'kind', 'category', 'subcategory',
  'region', 'awsregion', 'country', 'countrycode', 'state', 'province', 'city', 'zone', 'availabilityzone',
  'status', 'statuscode', 'level', 'loglevel', 'severity', 'priority', 'tier', 'stage', 'env', 'environment',
  'source', 'channel', 'platform', 'os', 'browser', 'devicetype', 'language', 'locale', 'currency',
  'gender', 'action', 'operation', 'method', 'date', 'day', 'hour', 'year', 'month', 'version',
]);

/** Kinesis partition keys are Unicode strings of at most 256 characters. */
const MAX_KEY_LENGTH = 256;
/** A partition key should give every shard at least this many distinct values. */
const KEYS_PER_SHARD_FOR_EVEN_SPREAD = 10;
/** Warn when the busiest shard takes this many times an even share of the writes. */
const MAX_UNEVENNESS = 2;

/**
 * How producers choose each record's partition key, which decides its shard.
 *
 * Kinesis hashes the key to a shard; one key always lands on one shard, whose 1 MiB/s
 * and 1,000 records/s then cap that key.
 *
 * @see https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html#partition-key
 */
export class PartitionKey {
  /**
   * Partition by a record field, e.g. `PartitionKey.field('customerId', { distinctValues: 50_000 })`.
   *
   * @param name the field's name (a dotted path such as `detail.customerId` is fine)
   * @param options what is known about the field's values; the more, the sharper the analysis
   */
  public static field(name: string, options: PartitionKeyFieldOptions = {}): PartitionKey {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new InputError(`\`partitionKey\` needs a field name, got ${JSON.stringify(name)}`);
    }
    checkKnown({ name: 'partitionKey.distinctValues' }, options.distinctValues);
    checkKnown({ name: 'partitionKey.hottestKeyShare' }, options.hottestKeyShare);
    checkRange({ name: 'partitionKey.distinctValues' }, options.distinctValues, 1, Number.MAX_SAFE_INTEGER, true);
    checkPositive({ name: 'partitionKey.hottestKeyShare' }, options.hottestKeyShare, 1);
    const { distinctValues, hottestKeyShare } = options;
    if (distinctValues !== undefined && hottestKeyShare !== undefined && hottestKeyShare < 1 / distinctValues) {
      throw new InputError(`\`partitionKey.hottestKeyShare\` must be at least 1/${distinctValues} (1 ÷ \`distinctValues\`: `
        + `the busiest of ${count(distinctValues, 'value')} carries at least an even share), got ${hottestKeyShare}`);
    }
    return new PartitionKey(name, options.distinctValues, options.hottestKeyShare);
  }

  /**
   * A random key per record (e.g. a UUID): the most even spread, but no ordering per
   * entity and no locality for consumers.
   */
  public static random(): PartitionKey {
    return new PartitionKey(undefined, undefined, undefined);
  }

  /**
   * The same key on every record: one shard takes every write, in one total order.
   *
   * Legal for a feed small enough for one shard (1 MiB/s and 1,000 records/s) that needs
   * a single order; `analyze()` warns (`partitionKeyConstant`) and throws when the load
   * is more than one shard accepts.
   *
   * @param value the key, 1–256 characters
   */
  public static constant(value: string): PartitionKey {
    // Kinesis counts Unicode characters, not UTF-16 code units.
    const characters = typeof value === 'string' ? [...value].length : 0;
    if (characters < 1 || characters > MAX_KEY_LENGTH) {
      throw new InputError(`\`partitionKey\` constant must be 1-${MAX_KEY_LENGTH} characters, got ${JSON.stringify(value)}`);
    }
    return new PartitionKey(undefined, 1, 1, value);
  }

  /**
   * The record field used as the key.
   * @default - none: a random key per record
   */
  public readonly fieldName?: string;
  /**
   * Distinct values of the field at peak.
   * @default - unknown
   */
  public readonly distinctValues?: number;
  /**
   * Share of writes carried by the most frequent value.
   * @default - unknown
   */
  public readonly hottestKeyShare?: number;
  /**
   * The key every record carries, for `PartitionKey.constant()`.
   * @default - none: the key varies per record
   */
  public readonly constantValue?: string;

  private constructor(fieldName?: string, distinctValues?: number, hottestKeyShare?: number, constantValue?: string) {
    this.fieldName = fieldName;
    this.distinctValues = distinctValues;
    this.hottestKeyShare = hottestKeyShare;
    this.constantValue = constantValue;
  }

  /** How the key reads in messages: `'customerId'`, the constant `'all'`, or a random key. */
  public toString(): string {
    if (this.constantValue !== undefined) {
      return `the constant '${this.constantValue}'`;
    }
    return this.fieldName === undefined ? 'a random key per record' : `'${this.fieldName}'`;
  }

  /**
   * Predicts the busiest shard's load under `plan` and returns the risks the key brings.
   *
   * Without a plan only the field's name is judged (a name that usually takes few
   * values, e.g. `eventType`), and the busiest shard's figures are unknown.
   *
   * Throws when one key alone must carry more than a shard's write limit: no shard
   * count can fix that, only a different key.
   *
   * @param plan the stream's plan, e.g. from `ShardSizing.plan()` or `StreamingIngest.plan`
   */
  public analyze(plan?: ShardPlan): PartitionKeyAnalysis {
    if (plan === undefined) {
      return { warnings: this.nameWarnings() };
    }
    const shards = plan.shardCount;
    const ingest = plan.workload.ingestMibPerSecond;
    const records = plan.workload.ingestRecordsPerSecond;
    if (this.constantValue !== undefined) {
      this.failIfOneKeyOverflows(1, ingest, records);
      return { hottestShardShare: 1, hottestShardMibPerSecond: ingest, warnings: this.nameWarnings() };
    }
    if (this.fieldName === undefined) {
      return { hottestShardShare: 1 / shards, hottestShardMibPerSecond: ingest / shards, warnings: [] };
    }
    const name = this.fieldName;
    const keyShare = this.hottestKeyShare ?? (this.distinctValues ? 1 / this.distinctValues : undefined);
    if (keyShare !== undefined) {
      this.failIfOneKeyOverflows(keyShare, ingest, records);
    }
    const warnings: PlanWarning[] = [...this.nameWarnings()];
    if (keyShare === undefined) {
      return { warnings };
    }
    const distinct = this.distinctValues;
    const hottestShare = distinct === undefined ? keyShare : hottestShardShare(distinct, shards, keyShare);
    const hottestMibPerSecond = hottestShare * ingest;
    const hottestRecords = records === undefined ? undefined : hottestShare * records;
    const unevenness = hottestShare * shards;
    const fewValues = shards > 1 && distinct !== undefined && distinct < shards * KEYS_PER_SHARD_FOR_EVEN_SPREAD;
    // Over a limit because of the key, not because the shards are too few for the total (the plan warns about that).
    const overLimit = [
      hottestMibPerSecond > KinesisLimits.WRITE_MIB_PER_SHARD && ingest / shards <= KinesisLimits.WRITE_MIB_PER_SHARD
        ? 'its 1 MiB/s write limit' : undefined,
      hottestRecords !== undefined && hottestRecords > KinesisLimits.WRITE_RECORDS_PER_SHARD
        && records! / shards <= KinesisLimits.WRITE_RECORDS_PER_SHARD ? 'its 1,000 records/s limit' : undefined,
    ].filter(x => x !== undefined);
    if (fewValues || unevenness >= MAX_UNEVENNESS || overLimit.length > 0) {
      const idle = distinct === undefined ? 0 : Math.max(0, shards - distinct);
      const cause = distinct === undefined
        ? `its busiest value carries ${pct(keyShare)} of writes`
        : `it has ${count(distinct, 'distinct value')} for ${count(shards, 'shard')}` + (idle ? ` (${count(idle, 'shard')} ${idle === 1 ? 'gets' : 'get'} no writes)` : '');
      const load = `${num(hottestMibPerSecond)} MiB/s` + (hottestRecords === undefined ? '' : `, ${num(hottestRecords, 0)} records/s`);
      const lead = unevenness >= MAX_UNEVENNESS || overLimit.length ? 'spreads writes unevenly' : 'has too few values to spread writes evenly';
      warnings.push({
        id: 'partitionKeyUneven',
        message: `Partition key '${name}' ${lead}: ${cause}, so the busiest shard takes at least `
        + `${pct(hottestShare)} of writes (${load}), ${num(unevenness)}× an even share`
        + (overLimit.length ? `, above ${overLimit.join(' and ')}` : '')
        + (fewValues && unevenness < MAX_UNEVENNESS ? '; with so few values per shard, real hashing is usually much less even' : '')
        + `. Use a key with at least ${num(shards * KEYS_PER_SHARD_FOR_EVEN_SPREAD, 0)} evenly used values, such as a customer, order or device id.`,
      });
    }
    return { hottestShardShare: hottestShare, hottestShardMibPerSecond: hottestMibPerSecond, warnings };
  }

  /**
   * What the field's name alone says, with no plan: a known low-cardinality field
   * whose number of values is not stated.
   */
  private nameWarnings(): PlanWarning[] {
    if (this.constantValue !== undefined) {
      return [{
        id: 'partitionKeyConstant',
        message: `Partition key is the constant '${this.constantValue}': every record goes to one shard, which caps the feed at `
          + '1 MiB/s and 1,000 records/s while the other shards idle. Key by a record field with many values (a customer, '
          + 'order or device id), or a random key when order does not matter.',
      }];
    }
    const name = this.fieldName;
    if (name === undefined || this.distinctValues !== undefined || !isLowCardinalityName(name)) {
      return [];
    }
    return [{
      id: 'partitionKeyLowCardinality',
      message: `Partition key '${name}' usually has only a few values: each value goes to one shard, which throttles `
        + 'while the others idle. Use a high-cardinality key such as a customer, order or device id, '
        + 'or state `distinctValues` if this field has many.',
    }];
  }

  private failIfOneKeyOverflows(keyShare: number, ingestMibPerSecond: number, records: number | undefined): void {
    const keyMibPerSecond = keyShare * ingestMibPerSecond;
    const keyRecords = records === undefined ? undefined : keyShare * records;
    const overBytes = keyMibPerSecond > KinesisLimits.WRITE_MIB_PER_SHARD;
    const overRecords = keyRecords !== undefined && keyRecords > KinesisLimits.WRITE_RECORDS_PER_SHARD;
    if (overBytes || overRecords) {
      const load = overBytes ? `${num(keyMibPerSecond)} MiB/s` : `${num(keyRecords!, 0)} records/s`;
      const lead = this.constantValue !== undefined
        ? `\`partitionKey\` is the constant '${this.constantValue}', so every record = ${load} goes to one shard`
        : `\`partitionKey\` '${this.fieldName}': its busiest value carries ${pct(keyShare)} of writes = ${load}, but one key maps to one shard`;
      const fix = this.constantValue !== undefined
        ? 'key by a record field with many values, or a random key'
        : `use a key with more distinct values, or add a suffix to spread the hot value (e.g. \`${this.fieldName}#0\`…\`#9\`)`;
      throw new InputError(`${lead}, which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: ${fix}`);
    }
  }
}

/**
 * The busiest shard's share of writes when `distinct` values hash as evenly as possible
 * onto `shards`: the hottest value plus its fair share of the others on the same shard.
 */
function hottestShardShare(distinct: number, shards: number, hottestKeyShare: number): number {
  if (distinct === 1) {
    return 1;
  }
  const valuesOnBusiestShard = Math.ceil(distinct / shards);
  const otherValueShare = (1 - hottestKeyShare) / (distinct - 1);
  return Math.min(1, hottestKeyShare + (valuesOnBusiestShard - 1) * otherValueShare);
}

function isLowCardinalityName(fieldName: string): boolean {
  const last = fieldName.split('.').pop() ?? fieldName;
  return LOW_CARDINALITY_NAMES.has(last.toLowerCase().replace(/[_-]/g, ''));
}
