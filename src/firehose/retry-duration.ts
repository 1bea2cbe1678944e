import { Duration } from 'aws-cdk-lib';
import { DestinationKind } from './destination-kind';
import { checkRange } from '../common/checks';

/** How long Firehose retries one destination, in seconds, and its default. */
export interface RetryRange {
  /** Shortest retry duration (0: no retry). */
  readonly minSeconds: number;
  /** Longest retry duration. */
  readonly maxSeconds: number;
  /** Firehose's default. */
  readonly defaultSeconds: number;
}

/**
 * What Firehose accepts as `RetryOptions.DurationInSeconds` per destination kind that has
 * one (S3 has none: Firehose retries S3 for 24 hours).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/retry.html
 */
export const RETRY_RANGES: Readonly<Partial<Record<DestinationKind, RetryRange>>> = {
  [DestinationKind.OPENSEARCH]: { minSeconds: 0, maxSeconds: 7200, defaultSeconds: 300 },
  [DestinationKind.OPENSEARCH_SERVERLESS]: { minSeconds: 0, maxSeconds: 7200, defaultSeconds: 300 },
  [DestinationKind.REDSHIFT]: { minSeconds: 0, maxSeconds: 7200, defaultSeconds: 3600 },
};

/**
 * The retry duration of a delivery stream (`retryDuration`), or the destination's
 * default, checked against what Firehose accepts: whole seconds in the destination's
 * range. Tokens pass. After it, Firehose writes the records to the S3 backup.
 */
export function retryDuration(destination: DestinationKind, given?: Duration): Duration {
  const range = RETRY_RANGES[destination];
  if (!range) {
    throw new Error(`Firehose has no retry duration for ${destination} destinations`);
  }
  const duration = given ?? Duration.seconds(range.defaultSeconds);
  if (!duration.isUnresolved()) {
    checkRange({ name: 'retryDuration', unit: 'seconds' }, duration.toSeconds({ integral: false }), range.minSeconds, range.maxSeconds, true);
  }
  return duration;
}
