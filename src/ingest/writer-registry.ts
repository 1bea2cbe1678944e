import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { BYTES_PER_MIB } from '../planning/units';
import { StreamWriter, StreamWriterOptions } from '../source/stream-writer';
import { checkWriter, recordWriter } from '../source/writer-checks';

/** Construct id of the registry under its stream. */
const REGISTRY_ID = 'Writers';

/** What the bound writers put together, from `WriterRegistry.load()`. */
export interface WriterLoad {
  /** Records per second, summed. */
  readonly recordsPerSecond: number;
  /**
   * MiB per second, summed over the writers whose record size is known (their own, or the
   * workload's): a lower bound when some are not.
   */
  readonly mibPerSecond: number;
}

/**
 * The writers of one Kinesis stream, kept under the stream's construct so that every
 * source made from the same stream shares them, as `ReaderRegistry` does for readers.
 * The plan sizes for their sum when it is more than the declared workload.
 */
export class WriterRegistry extends Construct {
  /** The registry of `stream`, created on first use. */
  public static of(stream: kinesis.IStream): WriterRegistry {
    const existing = stream.node.tryFindChild(REGISTRY_ID);
    return existing instanceof WriterRegistry ? existing : new WriterRegistry(stream);
  }

  public readonly writers: StreamWriter[] = [];

  private constructor(stream: kinesis.IStream) {
    super(stream, REGISTRY_ID);
  }

  /** Records a writer of the stream, after checking its name and figures. */
  public bind(scope: Construct, options: StreamWriterOptions): void {
    checkWriter(scope, options, this.writers);
    this.writers.push(recordWriter(scope, options));
  }

  /** The writers' summed load, sizing records of unknown size as `declared` does. */
  public load(declared?: StreamWorkload): WriterLoad {
    const fallbackBytes = declared?.averageRecordBytes
      ?? (declared?.ingestRecordsPerSecond ? declared.ingestMibPerSecond * BYTES_PER_MIB / declared.ingestRecordsPerSecond : undefined);
    let records = 0;
    let bytes = 0;
    for (const writer of this.writers) {
      records += writer.recordsPerSecond;
      bytes += writer.recordsPerSecond * (writer.averageRecordBytes ?? fallbackBytes ?? 0);
    }
    return { recordsPerSecond: records, mibPerSecond: bytes / BYTES_PER_MIB };
  }

  /**
   * The declared workload raised to what the writers put, when they put more: the
   * larger of the two in records/s and in MiB/s (the writers' MiB/s counting those whose
   * record size is known).
   */
  public effectiveWorkload(declared: StreamWorkload): StreamWorkload {
    if (this.writers.length === 0) {
      return declared;
    }
    const load = this.load(declared);
    // A workload of MiB/s alone states no records/s: the writers' sum is then the only figure, and a lower bound.
    const declaredRecords = declaredRecordsPerSecond(declared) ?? 0;
    if (load.recordsPerSecond <= declaredRecords && load.mibPerSecond <= declared.ingestMibPerSecond) {
      return declared;
    }
    const ingestMibPerSecond = Math.max(declared.ingestMibPerSecond, load.mibPerSecond);
    const ingestRecordsPerSecond = Math.max(declaredRecords, load.recordsPerSecond);
    return { ...declared, ingestMibPerSecond, ingestRecordsPerSecond, averageRecordBytes: undefined };
  }

  /**
   * Whether the writers put more than `declared` states: more records/s than it states
   * (when it states any), or more MiB/s.
   */
  public exceeds(declared: StreamWorkload): boolean {
    const load = this.load(declared);
    const declaredRecords = declaredRecordsPerSecond(declared);
    return (declaredRecords !== undefined && load.recordsPerSecond > declaredRecords) || load.mibPerSecond > declared.ingestMibPerSecond;
  }
}

/** The records/s a workload states, directly or through its record size. */
export function declaredRecordsPerSecond(declared: StreamWorkload): number | undefined {
  return declared.ingestRecordsPerSecond
    ?? (declared.averageRecordBytes ? declared.ingestMibPerSecond * BYTES_PER_MIB / declared.averageRecordBytes : undefined);
}
