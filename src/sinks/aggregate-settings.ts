import { Duration, Token } from 'aws-cdk-lib';
import { AggregateConfig, AggregateTableLayout, isReservedAttribute, MeasureConfig } from './aggregate/aggregate-config';
import { AggregateMeasure } from './aggregate-measure';
import { AggregateToTableProps } from './aggregate-to-table-props';
import { checkRange } from '../common/checks';
import { parseFieldPath } from '../common/field-path';
import { InputError } from '../common/input-error';
import { EventSourceLimits } from '../consume/event-source-limits';
import { MappingSettings } from '../consume/mapping-settings';

/** Attribute names: a conservative 255 characters (DynamoDB allows far more). */
const MAX_ATTRIBUTE_LENGTH = 255;
/** The shortest expiry: DynamoDB's TTL works in minutes at best (deletion takes up to days). */
const MIN_EXPIRY_SECONDS = 60;
/** The failure store's prefix: S3 keys are 1,024 bytes, and the handler appends the object's name. */
const MAX_FAILURE_PREFIX_LENGTH = 512;
/**
 * The largest batch an aggregate reads: its state lists up to one interval of sequence
 * numbers (about 120 bytes, up to 270) per batch among the last `batchSize` records, in
 * Lambda's 1 MB of window state and in a 400 KB progress item.
 */
export const MAX_AGGREGATE_BATCH_SIZE = 1_000;
/** Where failures go unless told otherwise. */
export const DEFAULT_FAILURE_PREFIX = 'aggregate-failures/';
/** How the reserved attribute names read in an error. */
const RESERVED_TEXT = [AggregateTableLayout.PARTITION_KEY, AggregateTableLayout.SORT_KEY, AggregateTableLayout.WINDOW_END,
  AggregateTableLayout.EXPIRES_AT].join(', ') + `, and any name starting with '${AggregateTableLayout.MARK_PREFIX}'`;

/** The aggregate's own props, checked, with their defaults applied. */
export interface AggregateSettings {
  readonly keyPath: string[];
  readonly measures: MeasureConfig[];
  readonly window: Duration;
  readonly expireAfter: Duration;
  readonly failurePrefix: string;
}

/**
 * Checks the aggregate's own props (not the shard read options, which the consumer's
 * resolver checks) and applies their defaults. Throws `InputError`s naming the prop.
 */
export function resolveAggregateSettings(props: AggregateToTableProps, measures: AggregateMeasure[]): AggregateSettings {
  // The window and the expiry go into the handler's configuration and the description: no tokens.
  const windowSeconds = knownSeconds('window', props.window);
  checkRange({ name: 'window', unit: 'seconds' }, windowSeconds, 1, EventSourceLimits.MAX_TUMBLING_WINDOW_SECONDS, true);
  checkRange({ name: 'memorySize', unit: 'MiB' }, props.memorySize, 128, 10240, true);
  checkRange({ name: 'timeout', unit: 'seconds' }, props.timeout?.toSeconds({ integral: false }), 1, 900, true);
  const expireAfter = props.expireAfter ?? Duration.days(30);
  const expireAfterSeconds = knownSeconds('expireAfter', expireAfter);
  if (!Number.isInteger(expireAfterSeconds) || expireAfterSeconds < MIN_EXPIRY_SECONDS) {
    throw new InputError(`\`expireAfter\` must be a whole number of seconds, at least ${MIN_EXPIRY_SECONDS} (1 minute), got ${expireAfterSeconds}`);
  }
  const keyPath = parseFieldPath('`keyField`', props.keyField);
  return {
    keyPath,
    measures: measureConfigs(measures),
    window: props.window,
    expireAfter,
    failurePrefix: checkFailurePrefix(props.failurePrefix ?? DEFAULT_FAILURE_PREFIX),
  };
}

/**
 * The handler's configuration, once the consumer's settings are known: the batch size
 * bounds every batch, and `maxRecordAge` bounds how late a shard merges into a window.
 */
export function aggregateConfig(s: AggregateSettings, mapping: MappingSettings): AggregateConfig {
  checkExpiry(s, mapping.maxRecordAge);
  if (mapping.batchSize > MAX_AGGREGATE_BATCH_SIZE) {
    throw new InputError(`\`batchSize\` must be at most ${MAX_AGGREGATE_BATCH_SIZE.toLocaleString('en')} for an aggregate, got ${mapping.batchSize}: `
      + 'its window state lists the records of the last `batchSize` it read, batch by batch, within Lambda\'s 1 MB');
  }
  return {
    keyPath: s.keyPath,
    measures: s.measures,
    expireAfterSeconds: s.expireAfter.toSeconds(),
    maxBatchSize: mapping.batchSize,
    failurePrefix: s.failurePrefix,
  };
}

/**
 * Each merge sets `expiresAt` to `max(windowEnd, now) + expireAfter`, and a shard merges
 * its part of a window up to `maxRecordAge` after the window (Lambda gives up on older
 * records, with or without retries; the resolver keeps `maxRecordAge` finite: it is at
 * most 7 days and shorter than the retention). A shorter `expireAfter` lets TTL delete an
 * item that a late shard then recreates with its records alone.
 */
function checkExpiry(s: AggregateSettings, maxRecordAge: Duration): void {
  const latestMergeSeconds = maxRecordAge.toSeconds() + s.window.toSeconds();
  if (s.expireAfter.toSeconds() <= latestMergeSeconds) {
    throw new InputError(`\`expireAfter\` must be longer than \`maxRecordAge\` (${maxRecordAge.toHumanString()}) plus \`window\` `
      + `(${s.window.toHumanString()}), got ${s.expireAfter.toHumanString()}: a shard up to \`maxRecordAge\` behind would merge into `
      + 'items TTL may already have deleted, recreating them with its records alone; raise `expireAfter` or lower `maxRecordAge`');
  }
}

function measureConfigs(measures: AggregateMeasure[]): MeasureConfig[] {
  if (measures.length === 0) {
    throw new InputError('`measures` must hold at least one measure, got none: add AggregateMeasure.count()');
  }
  const seen = new Set<string>();
  return measures.map(measure => {
    const attribute = measure.attribute;
    if (isReservedAttribute(attribute)) {
      throw new InputError(`\`measures\` attribute '${attribute}' is one of the table's own attributes `
        + `(${RESERVED_TEXT}): give the measure another attribute name`);
    }
    if (attribute.length === 0 || attribute.length > MAX_ATTRIBUTE_LENGTH) {
      throw new InputError(`\`measures\` attribute names must be 1-${MAX_ATTRIBUTE_LENGTH} characters, got '${attribute}'`);
    }
    if (seen.has(attribute)) {
      throw new InputError(`\`measures\` attribute '${attribute}' is used by two measures: give each its own attribute name`);
    }
    seen.add(attribute);
    return measure._config();
  });
}

/** A folder of the bucket: known at synth (it is part of the handler's configuration), relative, ending with '/'. */
function checkFailurePrefix(prefix: string): string {
  if (Token.isUnresolved(prefix)) {
    throw new InputError('`failurePrefix` must be known at synth, got an unresolved token (e.g. a CfnParameter): '
      + 'it is part of the handler\'s configuration, so state it as a plain string');
  }
  if (prefix.length === 0 || prefix.length > MAX_FAILURE_PREFIX_LENGTH) {
    const given = prefix.length === 0 ? "''" : `${prefix.length} characters`;
    throw new InputError(`\`failurePrefix\` must be 1-${MAX_FAILURE_PREFIX_LENGTH} characters, got ${given}`);
  }
  if (prefix.startsWith('/')) {
    throw new InputError(`\`failurePrefix\` must not start with '/' (S3 keys are relative to the bucket), got '${prefix}'`);
  }
  if (!prefix.endsWith('/')) {
    throw new InputError(`\`failurePrefix\` must end with '/', like '${DEFAULT_FAILURE_PREFIX}' (the failures are a folder of the bucket), got '${prefix}'`);
  }
  return prefix;
}

/** Seconds of a duration that must be known at synth. */
function knownSeconds(prop: string, duration: Duration): number {
  if (duration.isUnresolved()) {
    throw new InputError(`\`${prop}\` must be known at synth, got an unresolved token (e.g. a CfnParameter): state it as a plain duration`);
  }
  return duration.toSeconds({ integral: false });
}
