import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { DestinationKind } from './destination-kind';
import { checkRange } from '../common/checks';
import { InputError } from '../common/input-error';

/**
 * The buffering hints one destination accepts: Firehose delivers when either limit is
 * reached. An interval of 0 is zero buffering (deliver within seconds).
 */
export interface BufferingRange {
  /** Shortest buffering interval, in seconds. */
  readonly minSeconds: number;
  /** Longest buffering interval, in seconds. */
  readonly maxSeconds: number;
  /** Smallest buffer, in MiB. */
  readonly minMib: number;
  /** Largest buffer, in MiB. */
  readonly maxMib: number;
}

/**
 * What Firehose accepts per destination kind. Redshift's hints are those of the
 * intermediate S3 location that COPY loads from.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html
 */
export const BUFFERING_RANGES: Readonly<Record<DestinationKind, BufferingRange>> = {
  [DestinationKind.S3]: { minSeconds: 0, maxSeconds: 900, minMib: 1, maxMib: 128 },
  [DestinationKind.OPENSEARCH]: { minSeconds: 0, maxSeconds: 900, minMib: 1, maxMib: 100 },
  [DestinationKind.OPENSEARCH_SERVERLESS]: { minSeconds: 0, maxSeconds: 900, minMib: 1, maxMib: 100 },
  [DestinationKind.REDSHIFT]: { minSeconds: 0, maxSeconds: 900, minMib: 1, maxMib: 128 },
};

/**
 * A feature that raises the minimums of a destination's range, and how the user turned
 * it on (for the error: "with Parquet conversion").
 */
export interface BufferingRestriction {
  /** The feature as the user knows it, e.g. 'Parquet conversion' or 'dynamic partitioning (`partitionBy`)'. */
  readonly feature: string;
  /** Shortest interval with the feature, in seconds. */
  readonly minSeconds?: number;
  /** Smallest buffer with the feature, in MiB. */
  readonly minMib?: number;
}

/**
 * Record format conversion (Parquet, ORC) writes columnar files that are only worth
 * reading when large: Firehose requires a buffer of at least 64 MiB.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html
 */
export function recordFormatConversion(feature: string): BufferingRestriction {
  return { feature, minMib: 64 };
}

/**
 * Dynamic partitioning buffers per partition: Firehose requires at least 64 MiB and
 * 60 seconds (no zero buffering).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html
 */
export function dynamicPartitioning(feature: string): BufferingRestriction {
  return { feature, minSeconds: 60, minMib: 64 };
}

/** The buffering hints a delivery stream is given. */
export interface BufferingHints {
  /** `bufferingInterval`. */
  readonly interval: Duration;
  /** `bufferingSize`. */
  readonly size: Size;
}

/** The prop names every sink gives its buffering hints under. */
const INTERVAL = { name: 'bufferingInterval', unit: 'seconds' };
const SIZE = { name: 'bufferingSize', unit: 'MiB' };

/**
 * Checks `hints` against what Firehose accepts for `destination` with the features in
 * `restrictions` (the interval first, then the size; the first restriction broken is reported), so that synth refuses what
 * `CreateDeliveryStream` would. Tokens pass: CloudFormation checks them. Throws an
 * `InputError` naming the prop, the range with its unit, the feature that narrows it
 * and the value given.
 */
export function checkBufferingHints(destination: DestinationKind, hints: BufferingHints, restrictions: BufferingRestriction[] = []): void {
  const range = BUFFERING_RANGES[destination];
  const seconds = hints.interval.toSeconds({ integral: false });
  const mib = hints.size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  checkRange(INTERVAL, seconds, range.minSeconds, range.maxSeconds, true);
  checkRange(SIZE, mib, range.minMib, range.maxMib, true);
  for (const restriction of restrictions) {
    checkMinimum(INTERVAL, seconds, restriction.minSeconds, range.maxSeconds, restriction.feature);
  }
  for (const restriction of restrictions) {
    checkMinimum(SIZE, mib, restriction.minMib, range.maxMib, restriction.feature);
  }
}

/** A value already in the destination's range, against a feature's higher minimum. */
function checkMinimum(field: { name: string; unit: string }, value: number, min: number | undefined, max: number, feature: string): void {
  if (min !== undefined && !Token.isUnresolved(value) && value < min) {
    throw new InputError(`\`${field.name}\` must be an integer between ${min} and ${max} ${field.unit} with ${feature}, `
      + `got ${value} ${field.unit}`);
  }
}
