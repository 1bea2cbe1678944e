import { Duration } from 'aws-cdk-lib';
import { StreamReadMode } from './read-mode';

/** A reader asking a source for access, passed to `IStreamSource.bindReader()`. */
export interface StreamReaderOptions {
  /**
   * Name of the reader, unique per source. With enhanced fan-out it names the stream
   * consumer, so 1–128 characters of `a-z A-Z 0-9 _ . -`.
   */
  readonly readerName: string;

  /**
   * How the reader takes records.
   * @default StreamReadMode.POLLING
   */
  readonly readMode?: StreamReadMode;

  /**
   * How far behind the stream the reader may fall in normal operation: its latency
   * alarm fires beyond it. Shown in the plan.
   * @default - not stated
   */
  readonly latencyObjective?: Duration;

  /**
   * The lag at which the reader's backstop alarm fires: records are getting close to
   * the end of the retention (or to the age at which the reader gives up on them).
   * Shown in the plan.
   * @default - not stated
   */
  readonly lagBackstop?: Duration;

  /**
   * The record age at which the reader gives up on a record it could not process (a
   * Lambda event source mapping's `maxRecordAge`). The stream keeps the record for the
   * rest of its retention: that is the time left to replay it. Shown in the plan.
   * @default - the reader never gives up on a record
   */
  readonly maxRecordAge?: Duration;

  /**
   * How many parts of the source the reader processes at once at most (a Flink job's
   * parallelism). A Kafka topic gets at least this many partitions: each partition is
   * read by one member of a consumer group at a time.
   * @default - not stated
   */
  readonly parallelism?: number;
}

/** A reader as the source recorded it. */
export interface StreamReader {
  /** The reader's name. */
  readonly readerName: string;
  /** How it reads. */
  readonly readMode: StreamReadMode;
  /** Construct path of the reader, for messages. */
  readonly path: string;

  /**
   * How far behind the stream the reader may fall in normal operation.
   * @default - not stated
   */
  readonly latencyObjective?: Duration;

  /**
   * The lag at which the reader's backstop alarm fires.
   * @default - not stated
   */
  readonly lagBackstop?: Duration;

  /**
   * The record age at which the reader gives up on a record.
   * @default - the reader never gives up on a record
   */
  readonly maxRecordAge?: Duration;

  /**
   * How many parts of the source the reader processes at once at most.
   * @default - not stated
   */
  readonly parallelism?: number;
}
