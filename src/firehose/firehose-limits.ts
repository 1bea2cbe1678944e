/**
 * Firehose rules that the library checks at synth, for every sink that delivers
 * through Firehose (the S3 lake today).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/create-configure.html
 * @see https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html
 * @see https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html
 */
export const FirehoseLimits = {
  /** Buffering interval: 0 (zero buffering) to 900 seconds. */
  MAX_BUFFERING_SECONDS: 900,
  /** Dynamic partitioning needs at least 60 s (and no zero buffering). */
  MIN_PARTITIONING_BUFFERING_SECONDS: 60,
  /** Buffering size: 1–128 MiB. */
  MIN_BUFFERING_MIB: 1,
  MAX_BUFFERING_MIB: 128,
  /** Record format conversion and dynamic partitioning need at least 64 MiB. */
  MIN_CONVERSION_BUFFERING_MIB: 64,
  /** Prefix and error prefix, after the library adds its partition folders. */
  MAX_PREFIX_LENGTH: 512,
  /** Active partitions per delivery stream by default (a quota that can be raised). */
  DEFAULT_ACTIVE_PARTITIONS: 500,
} as const;
