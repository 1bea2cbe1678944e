import { PartitionKey } from '../planning/kinesis/partition-key';

/** A writer asking a source for access, passed to `IStreamSource.bindWriter()`. */
export interface StreamWriterOptions {
  /** Name of the writer, unique per source, for plans and messages. */
  readonly writerName: string;

  /**
   * Records the writer puts per second at peak: the source's plan sizes for the sum of
   * its writers when that is more than its declared workload.
   */
  readonly recordsPerSecond: number;

  /**
   * Average size of the writer's records in bytes, as the source stores them.
   * @default - the source's workload's average record size, or unknown
   */
  readonly averageRecordBytes?: number;

  /** How the writer keys its records. */
  readonly partitionKey: PartitionKey;
}

/** A writer as the source recorded it. */
export interface StreamWriter {
  /** The writer's name. */
  readonly writerName: string;
  /** Construct path of the writer, for messages. */
  readonly path: string;
  /** Records it puts per second at peak. */
  readonly recordsPerSecond: number;
  /**
   * Average size of its records in bytes.
   * @default - unknown: the source's average record size
   */
  readonly averageRecordBytes?: number;
  /** How it keys its records. */
  readonly partitionKey: PartitionKey;
}
