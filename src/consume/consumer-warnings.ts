import { Annotations, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EventSourceLimits } from './event-source-limits';
import { FailureDestination } from './failure-destination';
import { MappingSettings } from './mapping-settings';
import { RecordTerms } from './record-terms';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { IStreamSource } from '../source/stream-source';

const WARNING_PREFIX = 'cdk-streaming-pipelines:ShardConsumer:';
/** Less than a day between giving up on a record and the stream deleting it is too short to notice, fix and replay. */
const SHORT_REPLAY_WINDOW = Duration.hours(24);

/** How long a record given up on stays on the source: the retention less `maxRecordAge`. */
export function replayWindow(source: IStreamSource, s: MappingSettings): Duration {
  return Duration.seconds(source.retention.toSeconds() - s.maxRecordAge.toSeconds());
}

/** Settings that are legal but let a poison record hold a shard. */
export function warnAboutSettings(consumer: Construct, s: MappingSettings, terms: RecordTerms): void {
  if (s.retryAttempts === EventSourceLimits.INFINITE_RETRIES) {
    warn(consumer, 'infiniteRetries', `${consumer.node.path} retries failing batches until their records are `
      + `${s.maxRecordAge.toHumanString()} old (\`retryAttempts\` -1): a poison record holds its ${terms.unit}, and every record behind it, that long. `
      + 'Set a finite `retryAttempts` unless order matters more than latency.');
  }
}

/**
 * A destination that keeps pointers only leaves the records on the source, for the
 * replay window only; the S3 bucket keeps them.
 */
export function warnAboutReplay(consumer: Construct, source: IStreamSource, s: MappingSettings, destination: FailureDestination,
  terms: RecordTerms): void {
  if (destination.keepsRecords) {
    return;
  }
  const replay = replayWindow(source, s);
  const window = `the ${source.retention.toHours()}-hour retention less \`maxRecordAge\` ${s.maxRecordAge.toHumanString()}`;
  warn(consumer, 'failureDestinationKeepsPointers', `${consumer.node.path} records the batches Lambda gives up on in ${destination.description}, `
    + `which receives their ${terms.unit} and ${terms.positions}, not the records: they can be replayed from ${source.sourceName} `
    + `for ${replay.toHumanString()} (${window}), then they are lost. Leave out \`onFailure\` and \`failureQueue\` for the S3 failure bucket, `
    + 'which keeps the records.');
  if (replay.toSeconds() < SHORT_REPLAY_WINDOW.toSeconds()) {
    warn(consumer, 'shortReplayWindow', `${consumer.node.path} leaves ${replay.toHumanString()} to replay a record given up on before ${terms.container} deletes it `
      + `(${window}), and its failure destination keeps no copy: less than a day to notice, fix and replay. Lower \`maxRecordAge\`, `
      + 'raise the retention, or use the S3 failure bucket.');
  }
}

/** One reader taking one record at a time, with no replay: a task queue built on a stream. */
export function warnIfTaskQueue(consumer: Construct, source: IStreamSource, s: MappingSettings): void {
  const onlyReader = source.readers.length === 1;
  const noReplay = source.retention.toHours() <= KinesisLimits.MIN_RETENTION_HOURS;
  if (s.batchSize === 1 && onlyReader && noReplay) {
    warn(consumer, 'streamAsTaskQueue', `${consumer.node.path} is the only reader of ${source.sourceName} and takes one record `
      + 'per invocation, with the minimum retention: that is a task queue, not a stream. A stream adds shards, iterators and '
      + 'ordering for no benefit here; use SQS (per-message retries, scaling on queue depth) unless you need ordered, '
      + 'replayable records for several independent readers.');
  }
}

function warn(consumer: Construct, id: string, message: string): void {
  Annotations.of(consumer).addWarningV2(WARNING_PREFIX + id, message);
}
