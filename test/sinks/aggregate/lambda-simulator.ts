import type { KinesisStreamStateResponse } from 'aws-lambda';
import { kinesisRecord, prng, roundTrip, STREAM_ARN } from './fixtures';
import { TumblingWindowEvent } from '../../../src/sinks/aggregate/window-aggregator';

/**
 * A stand-in for Lambda's Kinesis event source mapping with a tumbling window and
 * ReportBatchItemFailures, as far as the aggregate handler depends on it:
 *
 * - Each shard is read in order, by one invocation at a time; shards run concurrently.
 * - Records are grouped in windows aligned on multiples of the window's length, by
 *   arrival time; a batch never spans two windows.
 * - The state an invocation returns is serialized and passed to the next invocation for
 *   the same shard and window; a window starts with `{}`.
 * - A function error (a throw, or a response without `state`) retries the same batch
 *   with the same state. A batch item failure checkpoints at the lowest failed sequence
 *   number and redelivers from it with the returned state; once a record has failed
 *   `maxRetryAttempts` retries it goes to the on-failure destination and reading goes
 *   on after it (the behaviour with bisect-on-error narrowing the batch to that record).
 * - When a window's records are done (the next record is in a later window, or the
 *   shard has no more), a final invocation (`isFinalInvokeForWindow`, no records)
 *   carries the state; it is retried with the same state until it succeeds.
 * - A state larger than `stateLimitBytes` (1 MB in Lambda) ends the window early: a final
 *   invocation with `isWindowTerminatedEarly`, then the window goes on with `{}`.
 *
 * Faults, drawn from a seeded generator per shard: an invocation failing before the
 * function runs, its response lost after it ran (its writes are done, Lambda retries
 * anyway), and records delivered again after a batch succeeded (at-least-once delivery).
 */
export interface SimulatorOptions {
  readonly windowSeconds: number;
  readonly maxBatchSize: number;
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

export type WindowHandler = (event: TumblingWindowEvent) => Promise<KinesisStreamStateResponse>;

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
  /** Invocations where the handler threw. */
  functionErrors: number;
  /** Responses without `state`: Lambda counts them as function errors; the handler must never give one. */
  missingState: number;
  injectedBeforeInvoke: number;
  injectedAfterInvoke: number;
  /** Every batch item failure reported, in order. */
  reportedFailures: ShardRecordRef[];
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

export class LambdaSimulator {
  public readonly report: SimulationReport = {
    invocations: 0,
    functionErrors: 0,
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
    const retries = new Map<string, number>();
    let state: Record<string, unknown> = {};
    let window: Window | undefined;
    let checkpoint = 0;
    /** Where delivering records again may start: not before the segment, nor before a record given up on. */
    let floor = 0;

    while (checkpoint < records.length) {
      const recordWindow = this.windowOf(records[checkpoint]);
      if (window !== undefined && recordWindow.start !== window.start) {
        await this.finalInvocation(shard, window, state, false, random);
        state = {};
        floor = checkpoint;
      }
      window = recordWindow;

      const size = 1 + Math.floor(random() * this.options.maxBatchSize);
      let end = checkpoint;
      while (end < records.length && end - checkpoint < size && this.windowOf(records[end]).start === window.start) {
        end++;
      }
      const batch = records.slice(checkpoint, end);
      const response = await this.invokeUntilAnswered(shard, random, () => this.event(shard, window!, batch, state, false, false));
      state = response.state;

      const failures = response.batchItemFailures ?? [];
      if (failures.length > 0) {
        const failed = Math.min(...failures.map(f => {
          const i = index.get(f.itemIdentifier);
          if (i === undefined || i < checkpoint || i >= end) {
            throw new Error(`batch item failure ${f.itemIdentifier} is not a record of the batch`);
          }
          this.report.reportedFailures.push({ shardId: shard.shardId, sequenceNumber: f.itemIdentifier });
          return i;
        }));
        const sequenceNumber = records[failed].sequenceNumber;
        const attempts = (retries.get(sequenceNumber) ?? 0) + 1;
        retries.set(sequenceNumber, attempts);
        if (attempts > this.options.maxRetryAttempts) {
          this.report.onFailureDestination.push({ shardId: shard.shardId, sequenceNumber });
          checkpoint = failed + 1;
          floor = checkpoint;
        } else {
          checkpoint = failed;
        }
      } else {
        checkpoint = end;
      }

      if (JSON.stringify(state).length > this.options.stateLimitBytes) {
        this.report.earlyTerminations++;
        await this.finalInvocation(shard, window, state, true, random);
        state = {};
        floor = checkpoint;
      } else if (failures.length === 0 && random() < (this.options.redeliver ?? 0)) {
        // Some records of the batch again, with the state that already holds them; never
        // across a segment's end, which Lambda marks by checkpointing.
        const back = Math.max(floor, checkpoint - 1 - Math.floor(random() * batch.length));
        this.report.redeliveredRecords += checkpoint - back;
        checkpoint = back;
      }
    }
    if (window !== undefined) {
      await this.finalInvocation(shard, window, state, false, random);
    }
  }

  private async finalInvocation(shard: SimulatedShard, window: Window, state: Record<string, unknown>, early: boolean,
    random: () => number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.invokeUntilAnswered(shard, random, () => this.event(shard, window, [], state, true, early));
      if ((response.batchItemFailures ?? []).length === 0) {
        this.report.completedFinals.push({ shardId: shard.shardId, windowStart: window.start, terminatedEarly: early, state });
        return;
      }
      if (attempt >= (this.options.maxAttempts ?? 50)) {
        throw new Error(`final invocation of ${shard.shardId} ${window.start} keeps failing`);
      }
    }
  }

  /** Invokes until the function answers with a state (Lambda retries function errors). */
  private async invokeUntilAnswered(shard: SimulatedShard, random: () => number,
    event: () => TumblingWindowEvent): Promise<KinesisStreamStateResponse> {
    const maxAttempts = this.options.maxAttempts ?? 50;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      this.report.invocations++;
      if (random() < (this.options.failBeforeInvoke ?? 0)) {
        this.report.injectedBeforeInvoke++;
        continue;
      }
      let response: KinesisStreamStateResponse;
      try {
        response = await this.handler(event());
      } catch {
        this.report.functionErrors++;
        continue;
      }
      if (random() < (this.options.failAfterInvoke ?? 0)) {
        this.report.injectedAfterInvoke++;
        continue;
      }
      if (typeof response?.state !== 'object' || response.state === null) {
        this.report.missingState++;
        continue;
      }
      // Lambda keeps the response serialized: nothing the function holds on to leaks into the next invocation.
      return roundTrip(response);
    }
    throw new Error(`${shard.shardId}: the function failed ${maxAttempts} times in a row`);
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
