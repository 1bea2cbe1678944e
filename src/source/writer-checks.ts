import { Construct } from 'constructs';
import { StreamWriter, StreamWriterOptions } from './stream-writer';
import { checkPositive, checkRange } from '../common/checks';
import { fail, withPath } from '../common/input-error';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';

/** Writer names: the same rule as reader names, so plans read alike. */
const WRITER_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/**
 * Checks a writer before a source records it: its name (valid, and not taken by one of
 * `writers`) and its figures. Every source's `bindWriter()` calls it.
 */
export function checkWriter(scope: Construct, options: StreamWriterOptions, writers: StreamWriter[]): void {
  const name = options.writerName;
  if (typeof name !== 'string' || !WRITER_NAME.test(name)) {
    fail(scope, `\`writerName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${name}'`);
  }
  const taken = writers.find(w => w.writerName === name);
  if (taken) {
    fail(scope, `\`writerName\` '${name}' is already taken by ${taken.path}: give each writer of a stream its own name`);
  }
  withPath(scope, () => {
    checkPositive({ name: 'recordsPerSecond', unit: 'records/s' }, options.recordsPerSecond);
    checkRange({ name: 'averageRecordBytes', unit: 'bytes' }, options.averageRecordBytes, 1, KinesisLimits.MAX_RECORD_BYTES);
  });
}

/** A writer as a source records it. */
export function recordWriter(scope: Construct, options: StreamWriterOptions): StreamWriter {
  return {
    writerName: options.writerName,
    path: scope.node.path,
    recordsPerSecond: options.recordsPerSecond,
    averageRecordBytes: options.averageRecordBytes,
    partitionKey: options.partitionKey,
  };
}
