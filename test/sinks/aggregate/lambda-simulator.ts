import type { KinesisStreamStateResponse } from 'aws-lambda';
import { kinesisRecord, prng, roundTrip, STREAM_ARN } from './fixtures';
import { InvocationContext } from '../../../src/sinks/aggregate/handler';
import { TumblingWindowEvent } from '../../../src/sinks/aggregate/window-aggregator';

/**
 * A stand-in for Lambda's Kinesis event source mapping with a tumbling window,
 * BisectBatchOnFunctionError and ReportBatchItemFailures (as `AggregateToTable` sets it
 * up), as far as the aggregate handler depends on it:
 *
 * - Each shard is read in order, by one invocation at a time; shards run concurrently.
 * - Records are grouped in windows aligned on multiples of the window's length, by
 *   arrival time; a batch never spans two windows.
 * - The state an invocation returns is serialized and passed to the next invocation for
 *   the same shard and window; a window starts with `{}`. A failed invocation changes no
 *   state: what is retried gets the state as it was before it.
 * - A function error (a throw, a response lost after the function ran, or a response
 *   without `state`) on a batch of several records splits it in two halves, the first
 *   one the larger by at most one record, retried in turn, first half first. On a single
 *   record it retries that record; once it failed `maxRetryAttempts` retries, it goes to
 *   the on-failure destination and reading goes on after it.
 * - A response with batch item failures checkpoints at the lowest failed sequence number,
 *   keeps the returned state, and retries from the failed record with the rest of that
 *   batch ("the batch is bisected at the returned sequence number and Lambda retries only
 *   the remaining records"). Each such response counts as a retry of that batch; once it
 *   failed `maxRetryAttempts` retries, the batch being retried — the failed record and
 *   every record after it in the batch — goes to the on-failure destination, and reading
 *   goes on after the batch.
 * - An invocation failing before the function runs (throttled, or a Lambda service error)
 *   is retried as it is: not a function error, no split, not counted as a retry.
 * - When a window's records are done (the next record is in a later window, or the
 *   shard has no more), a final invocation (`isFinalInvokeForWindow`, no records)
 *   carries the state; it is retried with the same state until it succeeds.
 * - A state larger than `stateLimitBytes` (1 MB in Lambda) ends the window early: a final
 *   invocation with `isWindowTerminatedEarly`, then the window goes on with `{}`.
 * - The context's remaining time counts down from `timeoutMs` from the invocation's start.
 *
 * Assumptions where AWS documents no detail: splitting a batch does not count toward its
 * retries (the halves inherit the count of the batch they come from, so a split never
 * resets it either); the halves are retried in order; and a final invocation is retried
 * until it succeeds.
 *
 * Faults, drawn from a seeded generator per shard: an invocation failing before the
 * function runs, its response lost after it ran (its writes are done, Lambda retries
 * anyway), and records delivered again after a batch succeeded (at-least-once delivery).
 */
export interface SimulatorOptions {
  readonly windowSeconds: number;
  readonly maxBatchSize: number;
  /** Every batch of `maxBatchSize` records (as far as the window allows), for tests that follow them one by one. Default: a random size from 1 to `maxBatchSize`. */
  readonly fullBatches?: boolean;
  readonly stateLimitBytes: number;
  readonly maxRetryAttempts: number;
  readonly seed: number;
  /** Probability that an invocation fails before the function runs. */
  readonly failBeforeInvoke?: number;
  /** Probability that an invocation's response is lost after the function ran. */
  readonly failAfterInvoke?: number;
  /** Probability that, after a successful batch, some of its records are delivered again. */
  readonly redeliver?: number;
  /** Invocations of one batch or final invocation before the simulation gives up. Default 50. */
  readonly maxAttempts?: number;
  /** The function's timeout: the remaining time the context reports at the start of an invocation. Default 5 minutes. */
  readonly timeoutMs?: number;
}

export interface StreamRecord {
  readonly sequenceNumber: string;
  readonly data: string;
  readonly arrivalMs: number;
}

export interface SimulatedShard {
  readonly shardId: string;
  /** In sequence order. */
  readonly records: readonly StreamRecord[];
}

export type WindowHandler = (event: TumblingWindowEvent, context: InvocationContext) => Promise<KinesisStreamStateResponse>;

export interface ShardRecordRef {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/** A final invocation that succeeded: one per window segment of a shard. */
export interface CompletedFinal {
  readonly shardId: string;
  readonly windowStart: string;
  readonly terminatedEarly: boolean;
  /** The state it was given (what the segment holds). */
  readonly state: Record<string, unknown>;
}

export interface SimulationReport {
  invocations: number;
  /** Invocations where the handler threw, with what it threw. */
  functionErrors: number;
  errorMessages: string[];
  /** Batches split in two after a function error. */
  bisections: number;
  /** Responses without `state`: Lambda counts them as function errors; the handler must never give one. */
  missingState: number;
  injectedBeforeInvoke: number;
  injectedAfterInvoke: number;
  /** Every batch item failure reported, in order. */
  reportedFailures: ShardRecordRef[];
  /** Records given up on, in order: what the on-failure destination gets (as metadata). */
  onFailureDestination: ShardRecordRef[];
  /** Records delivered again after a successful batch. */
  redeliveredRecords: number;
  earlyTerminations: number;
  completedFinals: CompletedFinal[];
}

interface Window {
  readonly start: string;
  readonly end: string;
}

/** Records `[start, end)` of a shard, to be invoked with, and how often they were retried. */
interface Batch {
  start: number;
  readonly end: number;
  retries: number;
}

/** What an invocation came to, as Lambda sees it. */
type Answer = { readonly ok: true; readonly response: KinesisStreamStateResponse } | { readonly ok: false };

export class LambdaSimulator {
  public readonly report: SimulationReport = {
    invocations: 0,
    functionErrors: 0,
    errorMessages: [],
    bisections: 0,
    missingState: 0,
    injectedBeforeInvoke: 0,
    injectedAfterInvoke: 0,
    reportedFailures: [],
    onFailureDestination: [],
    redeliveredRecords: 0,
    earlyTerminations: 0,
    completedFinals: [],
  };

  constructor(private readonly handler: WindowHandler, private readonly options: SimulatorOptions) {}

  /** Reads every shard to its end, concurrently, and returns what happened. */
  public async run(shards: readonly SimulatedShard[]): Promise<SimulationReport> {
    await Promise.all(shards.map((shard, i) => this.runShard(shard, prng(this.options.seed * 1000 + i))));
    return this.report;
  }

  private async runShard(shard: SimulatedShard, random: () => number): Promise<void> {
    const { records } = shard;
    const index = new Map(records.map((r, i) => [r.sequenceNumber, i]));
    const { maxRetryAttempts } = this.options;
    let state: Record<string, unknown> = {};
    let window: Window | undefined;
    /** Batches to invoke before reading on: the halves of a split, or what a partial failure left. */
    const pending: Batch[] = [];
    /** The next record to read into a new batch. */
    let next = 0;
    /** Where delivering records again may start: not before the segment, nor before a record given up on. */
    let floor = 0;
    const giveUp = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        this.report.onFailureDestination.push({ shardId: shard.shardId, sequenceNumber: records[i].sequenceNumber });
      }
      floor = Math.max(floor, to);
    };

    while (pending.length > 0 || next < records.length) {
      if (pending.length === 0) {
        const recordWindow = this.windowOf(records[next]);
        if (window !== undefined && recordWindow.start !== window.start) {
          await this.finalInvocation(shard, window, state, false, random);
          state = {};
          floor = next;
        }
        window = recordWindow;
        const size = this.options.fullBatches ? this.options.maxBatchSize : 1 + Math.floor(random() * this.options.maxBatchSize);
        let end = next;
        while (end < records.length && end - next < size && this.windowOf(records[end]).start === window.start) {
          end++;
        }
        pending.push({ start: next, end, retries: 0 });
        next = end;
      }

      const batch = pending[0];
      const answer = await this.invoke(shard, random, () => this.event(shard, window!, records.slice(batch.start, batch.end), state, false, false));
      if (!answer.ok) {
        // The state stays as it was before the failed invocation.
        if (batch.end - batch.start > 1) {
          const middle = batch.start + Math.ceil((batch.end - batch.start) / 2);
          const { start, end, retries } = batch;
          pending.splice(0, 1, { start, end: middle, retries }, { start: middle, end, retries });
          this.report.bisections++;
        } else if (++batch.retries > maxRetryAttempts) {
          pending.shift();
          giveUp(batch.start, batch.end);
        }
        continue;
      }

      state = answer.response.state!;
      const failures = answer.response.batchItemFailures ?? [];
      if (failures.length > 0) {
        batch.start = Math.min(...failures.map(f => {
          const i = index.get(f.itemIdentifier);
          if (i === undefined || i < batch.start || i >= batch.end) {
            throw new Error(`batch item failure ${f.itemIdentifier} is not a record of the batch`);
          }
          this.report.reportedFailures.push({ shardId: shard.shardId, sequenceNumber: f.itemIdentifier });
          return i;
        }));
        if (++batch.retries > maxRetryAttempts) {
          pending.shift();
          giveUp(batch.start, batch.end);
        }
      } else {
        pending.shift();
      }

      if (JSON.stringify(state).length > this.options.stateLimitBytes) {
        this.report.earlyTerminations++;
        await this.finalInvocation(shard, window!, state, true, random);
        state = {};
        floor = Math.max(floor, pending.length > 0 ? pending[0].start : next);
      } else if (failures.length === 0 && pending.length === 0 && random() < (this.options.redeliver ?? 0)) {
        // Some records of the batch again, with the state that already holds them; never
        // across a segment's end, which Lambda marks by checkpointing.
        const back = Math.max(floor, next - 1 - Math.floor(random() * (batch.end - batch.start)));
        this.report.redeliveredRecords += next - back;
        next = back;
      }
    }
    if (window !== undefined) {
      await this.finalInvocation(shard, window, state, false, random);
    }
  }

  private async finalInvocation(shard: SimulatedShard, window: Window, state: Record<string, unknown>, early: boolean,
    random: () => number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.invoke(shard, random, () => this.event(shard, window, [], state, true, early));
      if (answer.ok && (answer.response.batchItemFailures ?? []).length === 0) {
        this.report.completedFinals.push({ shardId: shard.shardId, windowStart: window.start, terminatedEarly: early, state });
        return;
      }
      if (attempt >= (this.options.maxAttempts ?? 50)) {
        throw new Error(`final invocation of ${shard.shardId} ${window.start} keeps failing`);
      }
    }
  }

  /**
   * Invokes the function once, as far as it is concerned: failures before it runs are
   * retried here (they are not function errors); anything else is the answer.
   */
  private async invoke(shard: SimulatedShard, random: () => number, event: () => TumblingWindowEvent): Promise<Answer> {
    const maxAttempts = this.options.maxAttempts ?? 50;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      this.report.invocations++;
      if (random() < (this.options.failBeforeInvoke ?? 0)) {
        this.report.injectedBeforeInvoke++;
        continue;
      }
      let response: KinesisStreamStateResponse;
      try {
        response = await this.handler(event(), this.context());
      } catch (error) {
        this.report.functionErrors++;
        this.report.errorMessages.push(error instanceof Error ? error.message : String(error));
        return { ok: false };
      }
      if (random() < (this.options.failAfterInvoke ?? 0)) {
        this.report.injectedAfterInvoke++;
        return { ok: false };
      }
      if (typeof response?.state !== 'object' || response.state === null) {
        this.report.missingState++;
        return { ok: false };
      }
      // Lambda keeps the response serialized: nothing the function holds on to leaks into the next invocation.
      return { ok: true, response: roundTrip(response) };
    }
    throw new Error(`${shard.shardId}: the function could not be invoked ${maxAttempts} times in a row`);
  }

  /** A context whose remaining time counts down from the function's timeout. */
  private context(): InvocationContext {
    const deadline = Date.now() + (this.options.timeoutMs ?? 300_000);
    return { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  }

  private event(shard: SimulatedShard, window: Window, batch: readonly StreamRecord[], state: Record<string, unknown>,
    final: boolean, early: boolean): TumblingWindowEvent {
    return {
      Records: batch.map(r => kinesisRecord(r.sequenceNumber, r.data, shard.shardId)),
      window: { ...window },
      state: roundTrip(state),
      shardId: shard.shardId,
      eventSourceARN: STREAM_ARN,
      isFinalInvokeForWindow: final,
      isWindowTerminatedEarly: early,
    };
  }

  private windowOf(record: StreamRecord): Window {
    const length = this.options.windowSeconds * 1000;
    const start = Math.floor(record.arrivalMs / length) * length;
    return { start: isoSeconds(start), end: isoSeconds(start + length) };
  }
}

/** ISO-8601 without milliseconds, as Lambda writes window bounds. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
