import type { Context, KinesisStreamStateResponse } from 'aws-lambda';
import type { FlushResult } from './aggregate-writer';
import { failedSegmentEntries } from './segment-log';
import { TumblingWindowEvent, WindowAggregator, WindowFlush } from './window-aggregator';

/** Writes a flushed segment by `deadline` (epoch ms): `AggregateWriter`, or a stand-in in tests. */
export interface SegmentWriter {
  flush(flush: WindowFlush, deadline: number): Promise<FlushResult>;
}

/** One structured log line. */
export type LogSink = (level: 'error' | 'warn' | 'info', entry: Record<string, unknown>) => void;

/** A JSON line on the function's log, which CloudWatch Logs Insights parses. */
export const consoleLog: LogSink = (level, entry) => {
  const line = JSON.stringify(entry);
  if (level === 'error') {
    console.error(line);
  } else if (level === 'warn') {
    console.warn(line);
  } else {
    console.log(line);
  }
};

/** What the handler reads of Lambda's context (all that tests need to give). */
export type InvocationContext = Pick<Context, 'getRemainingTimeInMillis'>;

export interface HandlerOptions {
  /**
   * Time kept back from the invocation's remaining time when setting the flush's deadline,
   * to log the segment and return before Lambda's timeout. Default 10 s; never more than
   * half the remaining time, so that a short timeout still leaves time to retry.
   */
  readonly safetyMarginMs?: number;
}

/** The function failed a batch on purpose, for Lambda to bisect it (see `WindowAggregator`). */
export class MalformedBatchError extends Error {
  public readonly name = 'MalformedBatchError';
}

/**
 * The handler proper, apart from where its parts come from: the entry builds them from
 * the environment once per cold start, tests pass their own.
 *
 * Returns the state and the batch item failures, and on a final invocation writes the
 * segment first: a failed write throws, so that Lambda retries the final invocation with
 * the same state (already merged keys are then skipped), after logging the segment so
 * that it can be rebuilt should Lambda give up. A malformed record among others throws
 * too, for Lambda to bisect the batch; alone in its batch, it is the batch item failure.
 */
export function createHandler(aggregator: WindowAggregator, writer: SegmentWriter, log: LogSink = consoleLog,
  options: HandlerOptions = {}): (event: TumblingWindowEvent, context: InvocationContext) => Promise<KinesisStreamStateResponse> {
  const safetyMarginMs = options.safetyMarginMs ?? 10_000;
  return async (event, context) => {
    const outcome = aggregator.process(event);
    const malformed = outcome.malformed;
    if (malformed !== undefined) {
      log('warn', {
        message: malformed.bisect
          ? 'malformed record: failing the batch so that Lambda bisects it'
          : 'malformed record alone in its batch: reported as the batch item failure',
        shardId: event.shardId,
        sequenceNumber: malformed.sequenceNumber,
        reason: malformed.reason,
        batchSize: malformed.batchSize,
        bisect: malformed.bisect,
        windowStart: event.window.start,
      });
      if (malformed.bisect) {
        throw new MalformedBatchError(`malformed record ${malformed.sequenceNumber} (${malformed.reason}) in a batch of `
          + `${malformed.batchSize}: failing the batch so that Lambda bisects it`);
      }
    }
    if (outcome.flush !== undefined) {
      const flush = outcome.flush;
      const remaining = context.getRemainingTimeInMillis();
      const deadline = Date.now() + remaining - Math.min(safetyMarginMs, remaining / 2);
      let result: FlushResult;
      try {
        result = await writer.flush(flush, deadline);
      } catch (error) {
        for (const entry of failedSegmentEntries(flush, aggregator.measures, event.shardId, error)) {
          log('error', entry);
        }
        throw error;
      }
      log('info', {
        message: 'window segment flushed',
        shardId: event.shardId,
        windowStart: flush.windowStart,
        segment: flush.marker,
        keys: flush.keyCount,
        ...result,
      });
    }
    return { state: outcome.state, batchItemFailures: outcome.batchItemFailures };
  };
}
