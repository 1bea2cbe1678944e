import type { KinesisStreamStateResponse } from 'aws-lambda';
import type { FlushResult } from './aggregate-writer';
import { TumblingWindowEvent, WindowAggregator, WindowFlush } from './window-aggregator';

/** Writes a flushed segment: `AggregateWriter`, or a stand-in in tests. */
export interface SegmentWriter {
  flush(flush: WindowFlush): Promise<FlushResult>;
}

/** One structured log line. */
export type LogSink = (level: 'warn' | 'info', entry: Record<string, unknown>) => void;

/** A JSON line on the function's log, which CloudWatch Logs Insights parses. */
export const consoleLog: LogSink = (level, entry) => {
  const line = JSON.stringify(entry);
  if (level === 'warn') {
    console.warn(line);
  } else {
    console.log(line);
  }
};

/**
 * The handler proper, apart from where its parts come from: the entry builds them from
 * the environment once per cold start, tests pass their own.
 *
 * Returns the state and the batch item failures, and on a final invocation writes the
 * segment first: a failed write throws, so that Lambda retries the final invocation with
 * the same state (already merged keys are then skipped).
 */
export function createHandler(aggregator: WindowAggregator, writer: SegmentWriter, log: LogSink = consoleLog):
(event: TumblingWindowEvent) => Promise<KinesisStreamStateResponse> {
  return async event => {
    const outcome = aggregator.process(event);
    if (outcome.malformed !== undefined) {
      log('warn', {
        message: 'malformed record: reported as a batch item failure',
        shardId: event.shardId,
        sequenceNumber: outcome.malformed.sequenceNumber,
        reason: outcome.malformed.reason,
        windowStart: event.window.start,
      });
    }
    if (outcome.flush !== undefined) {
      const result = await writer.flush(outcome.flush);
      log('info', {
        message: 'window segment flushed',
        shardId: event.shardId,
        windowStart: outcome.flush.windowStart,
        segment: outcome.flush.marker,
        keys: outcome.flush.keyCount,
        ...result,
      });
    }
    return { state: outcome.state, batchItemFailures: outcome.batchItemFailures };
  };
}
