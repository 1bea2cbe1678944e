import { Duration, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventSourceLimits as L } from './event-source-limits';
import { ShardConsumerProps } from './shard-consumer-props';
import { checkPositive, checkRange } from '../common/checks';
import { InputError } from '../common/input-error';

/** Default retries: a transient error gets three more tries before the failure destination. */
const DEFAULT_RETRY_ATTEMPTS = 3;
/**
 * Default record age: three quarters of the retention (at most Lambda's 7 days), which
 * leaves at least a quarter of it (6 hours on a 24-hour stream, 42 hours on a 7-day one)
 * as the replay window: the time a record Lambda gave up on stays on the stream. An hour,
 * the old margin, is no time to notice a failure, fix its cause and replay from a queue's
 * pointers before Kinesis trims the records. A longer `maxRecordAge` buys little: the lag
 * backstop fires long before (at half of it at most), and the default S3 failure bucket
 * keeps every record given up on with its data. The price is at a mapping that starts at
 * `TRIM_HORIZON` on a full stream: it gives up on the oldest quarter straight away, and
 * those records go to the failure destination (kept whole in the S3 bucket) unprocessed.
 */
const RECORD_AGE_RETENTION_SHARE = 0.75;
/**
 * Default latency objective: 5 minutes of IteratorAge. A healthy consumer with the
 * default 5-second batching window reads records within seconds; a 5-minute lag that
 * lasts 3 minutes is a consumer falling behind (slow handler, retries, throttling), not a
 * burst being caught up. Readers that promise more (a fraud check "within a second")
 * set their own, down to Lambda's per-minute metric granularity.
 */
const DEFAULT_LATENCY_OBJECTIVE_SECONDS = 300;
/** The iterator-age alarm fires at a quarter of the retention or half of `maxRecordAge`. */
const ITERATOR_AGE_RETENTION_SHARE = 0.25;
const ITERATOR_AGE_RECORD_AGE_SHARE = 0.5;
/** Unix seconds beyond this are milliseconds (it is the year 5138 in seconds). */
const MAX_TIMESTAMP_SECONDS = 1e11;

/** The event source mapping's settings with every default applied, checked against Lambda's ranges. */
export interface MappingSettings {
  readonly startingPosition: lambda.StartingPosition;
  readonly startingPositionTimestamp?: number;
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  readonly retryAttempts: number;
  readonly maxRecordAge: Duration;
  readonly bisectBatchOnError: boolean;
  readonly reportBatchItemFailures: boolean;
  readonly parallelizationFactor: number;
  readonly tumblingWindow?: Duration;
  readonly filters?: Array<{ [key: string]: any }>;
  readonly iteratorAgeThreshold: Duration;
  readonly latencyObjective: Duration;
}

/** What the settings are resolved from: the props, less the source and the handler. */
export type MappingInputs = Omit<ShardConsumerProps, 'source' | 'handler'>;

/**
 * Applies the defaults and checks every number against Lambda's ranges and the
 * source's retention. Throws `InputError`s naming the prop, the range and the value.
 */
export function resolveMappingSettings(props: MappingInputs, retention: Duration): MappingSettings {
  const retentionSeconds = retention.toSeconds();
  const maxRecordAge = props.maxRecordAge ?? defaultMaxRecordAge(retentionSeconds);
  const maxBatchingWindow = props.maxBatchingWindow ?? Duration.seconds(5);
  const iteratorAgeThreshold = props.iteratorAgeThreshold ?? defaultIteratorAgeThreshold(retentionSeconds, maxRecordAge);
  const settings: MappingSettings = {
    startingPosition: props.startingPosition ?? lambda.StartingPosition.TRIM_HORIZON,
    startingPositionTimestamp: props.startingPositionTimestamp,
    batchSize: props.batchSize ?? 100,
    maxBatchingWindow,
    retryAttempts: props.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS,
    maxRecordAge,
    bisectBatchOnError: props.bisectBatchOnError ?? true,
    reportBatchItemFailures: props.reportBatchItemFailures ?? true,
    parallelizationFactor: props.parallelizationFactor ?? 1,
    tumblingWindow: props.tumblingWindow,
    filters: props.filters,
    iteratorAgeThreshold,
    latencyObjective: props.latencyObjective ?? defaultLatencyObjective(maxBatchingWindow, iteratorAgeThreshold),
  };
  checkSettings(settings, retention);
  return settings;
}

/**
 * Why Lambda refuses a setting on a source that lists it in `unsupportedSettings`,
 * and what to do instead.
 */
const UNSUPPORTED_BECAUSE: { [setting: string]: string } = {
  parallelizationFactor: 'Lambda processes concurrent batches per shard only on Kinesis and DynamoDB streams. Leave it out: '
    + 'this source is read in parallel by its partitions, one batch at a time each',
  tumblingWindow: 'Lambda aggregates over tumbling windows only on Kinesis and DynamoDB streams. Leave it out and keep '
    + 'state in the handler (e.g. a DynamoDB table) or in a Flink job',
};

/**
 * Refuses the settings the source says Lambda does not take for it
 * (`LambdaSourceConfiguration.unsupportedSettings`), when the user gave them.
 * Throws an `InputError` naming the setting, the source and why.
 */
export function checkSupportedSettings(props: MappingInputs, unsupportedSettings: string[], sourceName: string): void {
  for (const setting of unsupportedSettings) {
    const value = (props as { [key: string]: unknown })[setting];
    if (value !== undefined) {
      const because = UNSUPPORTED_BECAUSE[setting] ?? 'Lambda does not take it for this source. Leave it out';
      const given = value instanceof Duration ? value.toHumanString() : String(value);
      throw new InputError(`\`${setting}\` does not apply to ${sourceName}, got ${given}: ${because}`);
    }
  }
}

/** Three quarters of the retention, at most Lambda's 7 days: see `RECORD_AGE_RETENTION_SHARE`. */
function defaultMaxRecordAge(retentionSeconds: number): Duration {
  return Duration.seconds(Math.min(Math.floor(retentionSeconds * RECORD_AGE_RETENTION_SHARE), L.MAX_RECORD_AGE_SECONDS));
}

/**
 * 5 minutes, or twice a longer batching window (Lambda may hold records that long before
 * invoking), but below half of a lag backstop set shorter than that: the objective must
 * alarm before the backstop does.
 */
function defaultLatencyObjective(maxBatchingWindow: Duration, iteratorAgeThreshold: Duration): Duration {
  const windowSeconds = maxBatchingWindow.toSeconds({ integral: false });
  const backstopSeconds = iteratorAgeThreshold.toSeconds({ integral: false });
  let objective = DEFAULT_LATENCY_OBJECTIVE_SECONDS;
  if (!Token.isUnresolved(windowSeconds)) {
    objective = Math.max(objective, 2 * windowSeconds);
  }
  if (!Token.isUnresolved(backstopSeconds) && objective >= backstopSeconds) {
    objective = backstopSeconds / 2;
  }
  return Duration.seconds(Math.round(objective));
}

/** A quarter of the retention or half of `maxRecordAge`, whichever is shorter. */
function defaultIteratorAgeThreshold(retentionSeconds: number, maxRecordAge: Duration): Duration {
  const ageSeconds = maxRecordAge.toSeconds({ integral: false });
  const fromRecordAge = Token.isUnresolved(ageSeconds) ? Infinity : ageSeconds * ITERATOR_AGE_RECORD_AGE_SHARE;
  const threshold = Math.min(retentionSeconds * ITERATOR_AGE_RETENTION_SHARE, fromRecordAge);
  return Duration.seconds(Math.round(threshold));
}

function checkSettings(s: MappingSettings, retention: Duration): void {
  checkRange({ name: 'batchSize' }, s.batchSize, L.MIN_BATCH_SIZE, L.MAX_BATCH_SIZE, true);
  checkRange({ name: 'maxBatchingWindow', unit: 'seconds' }, seconds(s.maxBatchingWindow), 0, L.MAX_BATCHING_WINDOW_SECONDS, true);
  checkRange({ name: 'parallelizationFactor' }, s.parallelizationFactor, 1, L.MAX_PARALLELIZATION_FACTOR, true);
  if (s.retryAttempts !== L.INFINITE_RETRIES) {
    checkRange({ name: 'retryAttempts', unit: '(or -1 to retry until `maxRecordAge`)' }, s.retryAttempts, 0, L.MAX_RETRY_ATTEMPTS, true);
  }
  const recordAge = seconds(s.maxRecordAge);
  if (recordAge !== undefined && Token.isUnresolved(recordAge)) {
    throw new InputError('`maxRecordAge` must be known at synth, got an unresolved token (e.g. a CfnParameter): it is checked '
      + 'against the source\'s retention and sets the lag alarm, so state it as a plain duration');
  }
  checkRange({ name: 'maxRecordAge', unit: 'seconds' }, recordAge, L.MIN_RECORD_AGE_SECONDS, L.MAX_RECORD_AGE_SECONDS, true);
  const retentionSeconds = retention.toSeconds();
  if (recordAge !== undefined && recordAge >= retentionSeconds) {
    throw new InputError(`\`maxRecordAge\` must be shorter than the source's ${retention.toHours()}-hour retention `
      + `(${retentionSeconds} seconds), got ${recordAge} seconds: the stream would delete records before Lambda gives up `
      + 'on them, and they would never reach the failure destination');
  }
  checkRange({ name: 'tumblingWindow', unit: 'seconds' }, seconds(s.tumblingWindow), 0, L.MAX_TUMBLING_WINDOW_SECONDS, true);
  // Lambda discards records older than maxRecordAge, so the lag never reaches it: the alarm must fire below.
  const threshold = seconds(s.iteratorAgeThreshold);
  const ceiling = recordAge ?? retentionSeconds;
  if (threshold !== undefined && !Token.isUnresolved(threshold) && !(threshold > 0 && threshold < ceiling)) {
    throw new InputError(`\`iteratorAgeThreshold\` must be more than 0 and less than \`maxRecordAge\` (${ceiling} seconds), `
      + `got ${threshold} seconds: Lambda gives up on records at \`maxRecordAge\`, so the lag never reaches it`);
  }
  checkLatencyObjective(s);
  checkStartingPosition(s);
  checkFilters(s.filters);
}

/**
 * The objective alarms on the same IteratorAge as the backstop: below the batching window
 * it fires on a healthy consumer, at or above the backstop it never fires first.
 */
function checkLatencyObjective(s: MappingSettings): void {
  const objective = seconds(s.latencyObjective)!;
  if (Token.isUnresolved(objective)) {
    throw new InputError('`latencyObjective` must be known at synth, got an unresolved token (e.g. a CfnParameter): it is '
      + 'checked against `maxBatchingWindow` and `iteratorAgeThreshold`, so state it as a plain duration');
  }
  const window = seconds(s.maxBatchingWindow)!;
  const backstop = seconds(s.iteratorAgeThreshold)!;
  if (Token.isUnresolved(window) || Token.isUnresolved(backstop)) {
    return;
  }
  if (!(objective > window && objective < backstop)) {
    throw new InputError(`\`latencyObjective\` must be more than \`maxBatchingWindow\` (${window} seconds) and less than `
      + `\`iteratorAgeThreshold\` (${backstop} seconds), got ${objective} seconds: Lambda may wait the batching window before `
      + 'invoking, so a shorter objective alarms on a healthy consumer, and the lag backstop must fire after the objective, not before');
  }
}

function checkStartingPosition(s: MappingSettings): void {
  const atTimestamp = s.startingPosition === lambda.StartingPosition.AT_TIMESTAMP;
  if (atTimestamp && s.startingPositionTimestamp === undefined) {
    throw new InputError('`startingPosition` AT_TIMESTAMP needs `startingPositionTimestamp` (Unix seconds), got none');
  }
  if (!atTimestamp && s.startingPositionTimestamp !== undefined) {
    const given = Token.isUnresolved(s.startingPositionTimestamp) ? 'an unresolved token' : String(s.startingPositionTimestamp);
    throw new InputError(`\`startingPositionTimestamp\` applies only to \`startingPosition\` AT_TIMESTAMP, got ${given} `
      + `with ${s.startingPosition}: remove one of them`);
  }
  checkPositive({ name: 'startingPositionTimestamp', unit: 'Unix seconds' }, s.startingPositionTimestamp);
  const timestamp = s.startingPositionTimestamp;
  if (timestamp !== undefined && !Token.isUnresolved(timestamp) && timestamp > MAX_TIMESTAMP_SECONDS) {
    throw new InputError(`\`startingPositionTimestamp\` looks like milliseconds: give Unix seconds (e.g. Math.floor(Date.now() / 1000)), got ${timestamp}`);
  }
}

function checkFilters(filters: Array<{ [key: string]: any }> | undefined): void {
  if (!filters) {
    return;
  }
  if (filters.length > L.MAX_FILTERS) {
    throw new InputError(`\`filters\` must hold at most ${L.MAX_FILTERS} filters, got ${filters.length}: combine patterns, `
      + 'or ask AWS for a higher quota and pass them to the mapping yourself');
  }
  filters.forEach((filter, i) => {
    const pattern = filter.pattern;
    const length = typeof pattern === 'string' ? pattern.length : JSON.stringify(filter).length;
    if (length > L.MAX_FILTER_PATTERN_CHARS) {
      throw new InputError(`\`filters[${i}]\` pattern must be at most ${L.MAX_FILTER_PATTERN_CHARS} characters, got ${length}`);
    }
  });
}

/** Whole seconds of a duration, or its fraction (so that 1.5 s is reported, not rounded). */
function seconds(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : d.toSeconds({ integral: false });
}
