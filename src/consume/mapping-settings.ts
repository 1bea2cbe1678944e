import { Duration, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventSourceLimits as L } from './event-source-limits';
import { ShardConsumerProps } from './shard-consumer-props';
import { checkPositive, checkRange } from '../common/checks';
import { InputError } from '../common/input-error';

/** Default retries: a transient error gets three more tries before the failure destination. */
const DEFAULT_RETRY_ATTEMPTS = 3;
/**
 * Default record age: an hour short of the retention (at most Lambda's 7 days). Long, so
 * that a mapping starting at TRIM_HORIZON on a stream with data reads all of it instead
 * of sending the older records to the failure destination; shorter than the retention,
 * so that records are given up on (and recorded) before the stream deletes them.
 */
const RECORD_AGE_MARGIN_SECONDS = 3600;
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
}

/** What the settings are resolved from: the props, less the source and the handler. */
export type MappingInputs = Omit<ShardConsumerProps, 'source' | 'handler'>;

/**
 * Applies the defaults and checks every number against Lambda's ranges and the
 * source's retention. Throws `InputError`s naming the prop, the range and the value.
 */
export function resolveMappingSettings(props: MappingInputs, retention: Duration): MappingSettings {
  const retentionSeconds = retention.toSeconds();
  const maxRecordAge = props.maxRecordAge
    ?? Duration.seconds(Math.min(retentionSeconds - RECORD_AGE_MARGIN_SECONDS, L.MAX_RECORD_AGE_SECONDS));
  const settings: MappingSettings = {
    startingPosition: props.startingPosition ?? lambda.StartingPosition.TRIM_HORIZON,
    startingPositionTimestamp: props.startingPositionTimestamp,
    batchSize: props.batchSize ?? 100,
    maxBatchingWindow: props.maxBatchingWindow ?? Duration.seconds(5),
    retryAttempts: props.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS,
    maxRecordAge,
    bisectBatchOnError: props.bisectBatchOnError ?? true,
    reportBatchItemFailures: props.reportBatchItemFailures ?? true,
    parallelizationFactor: props.parallelizationFactor ?? 1,
    tumblingWindow: props.tumblingWindow,
    filters: props.filters,
    iteratorAgeThreshold: props.iteratorAgeThreshold ?? defaultIteratorAgeThreshold(retentionSeconds, maxRecordAge),
  };
  checkSettings(settings, retention);
  return settings;
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
  checkStartingPosition(s);
  checkFilters(s.filters);
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
