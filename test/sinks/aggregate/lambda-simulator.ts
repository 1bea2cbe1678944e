import type { KinesisStreamStateResponse } from 'aws-lambda';
import { kinesisRecord, prng, roundTrip, STREAM_ARN } from './fixtures';
import { InvocationContext } from '../../../src/sinks/aggregate/handler';
import { TumblingWindowEvent } from '../../../src/sinks/aggregate/window-aggregator';

/**
 * A stand-in for Lambda's Kinesis event source mapping with a tumbling window and
 * BisectBatchOnFunctionError, as `AggregateToTable` sets it up. It does what Lambda's
 * documentation says, and, where the documentation leaves Lambda free, whatever the options
 * pick, down to the least favourable choice:
 *
 * Documented, always so:
 * - One invocation at a time per shard; shards run concurrently; a child shard starts after
 *   its parent is done (resharding).
 * - Records are grouped in windows aligned on multiples of the window's length, by arrival
 *   time; a batch holds consecutive records of one window, in order, at most `maxBatchSize`.
 * - The state an invocation returns goes to the next invocation of the shard's window; a
 *   window starts with `{}`. A failed invocation (an error, or its response lost after it
 *   ran) changes no state: what is retried gets the state the failed invocation got.
 * - After a failure Lambda reads nothing past the failed batch until its records have
 *   succeeded or been given up. A failed batch of several records is split in two halves;
 *   splitting does not count as a retry. A single record failing more than
 *   `maxRetryAttempts` times is given up (the on-failure destination).
 * - Records older than `maxRecordAge` when read are given up without an invocation.
 * - Once a window's records are done, a final invocation (`isFinalInvokeForWindow`) carries
 *   the state; the state must stay under `stateLimitBytes` (1 MB): over it, Lambda ends the
 *   window early and continues it with a fresh state.
 *
 * Left open by the documentation, chosen by the options (seeded, per shard):
 * - `halfOrder`: which half of a split batch is retried first ("If records are processed
 *   more than once, they might be processed out of order").
 * - `recut`: a failed batch retried whole from its first record, cut to another size (up to
 *   `maxBatchSize`, never past the window) instead of split.
 * - `redeliver`: after a success, records already processed delivered again, with the state
 *   that holds them.
 * - `replay`: after a success or a failure, the window read again from an earlier
 *   checkpoint (at or before the first record not handed over in a final invocation) with
 *   a fresh state, in other batch sizes.
 * - `finalWithRecords`: the window's last batch delivered in the final invocation itself.
 * - `terminateEarly`: the window ended early after a batch, with `isFinalInvokeForWindow`
 *   and `isWindowTerminatedEarly` (`'both'`), or `isWindowTerminatedEarly` alone on an
 *   invocation carrying the next batch (`'earlyOnly'`); either way the next invocation has
 *   a fresh state.
 * - `failBeforeInvoke`, `loseResponse`: infrastructure failures around the function.
 */
export interface SimulatorOptions {
  readonly windowSeconds: number;
  readonly maxBatchSize: number;
  readonly seed: number;
  /** Every batch as large as the window allows, for tests that follow them one by one. Default: sizes from 1 to `maxBatchSize`. */
  readonly fullBatches?: boolean;
  /** Default 1,000,000: the smaller reading of Lambda's "1 MB". */
  readonly stateLimitBytes?: number;
  /** Default 10,000. */
  readonly maxRetryAttempts?: number;
  /** Sequence numbers of records that are older than `maxRecordAge` when Lambda reads them. */
  readonly tooOld?: ReadonlySet<string>;
  readonly halfOrder?: 'first' | 'second' | 'random';
  readonly recut?: number;
  readonly redeliver?: number;
  readonly replay?: number;
  readonly finalWithRecords?: number;
  readonly terminateEarly?: number;
  readonly earlyFlags?: 'both' | 'earlyOnly' | 'random';
  readonly failBeforeInvoke?: number;
  readonly loseResponse?: number;
  /** Invocations of one shard before the simulation gives up (a handler that never succeeds). Default 100,000. */
  readonly maxInvocations?: number;
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
  /** A shard this one was split or merged from: read to its end first. */
  readonly parentShardId?: string;
}

export type WindowHandler = (event: TumblingWindowEvent, context: InvocationContext) => Promise<KinesisStreamStateResponse>;

export interface ShardRecordRef {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

export interface SimulationReport {
  invocations: number;
  /** Invocations where the handler threw, with what it threw. */
  functionErrors: number;
  errorMessages: string[];
  bisections: number;
  recuts: number;
  lostResponses: number;
  failedBeforeInvoke: number;
  redeliveredRecords: number;
  replays: number;
  finalsWithRecords: number;
  /** Early terminations Lambda chose, and those forced by a state over the limit (which the handler must never cause). */
  earlyTerminations: number;
  overLimit: number;
  largestStateBytes: number;
  /** Records given up on (retries or age): what the on-failure destination gets, as metadata. */
  onFailureDestination: ShardRecordRef[];
  /** Records never handed to the function because of their age. */
  tooOld: ShardRecordRef[];
}

interface Window {
  readonly start: string;
  readonly end: string;
}

/** Records `[start, end)` of a shard, and how often they were retried. */
interface Batch {
  readonly start: number;
  readonly end: number;
  retries: number;
}

type Answer = { readonly ok: true; readonly state: Record<string, unknown> } | { readonly ok: false };

export class LambdaSimulator {
  public readonly report: SimulationReport = {
    invocations: 0,
    functionErrors: 0,
    errorMessages: [],
    bisections: 0,
    recuts: 0,
    lostResponses: 0,
    failedBeforeInvoke: 0,
    redeliveredRecords: 0,
    replays: 0,
    finalsWithRecords: 0,
    earlyTerminations: 0,
    overLimit: 0,
    largestStateBytes: 0,
    onFailureDestination: [],
    tooOld: [],
  };

  constructor(private readonly handler: WindowHandler, private readonly options: SimulatorOptions) {}

  /** Reads every shard to its end (children after their parents) and returns what happened. */
  public async run(shards: readonly SimulatedShard[]): Promise<SimulationReport> {
    const done = new Map<string, Promise<void>>();
    const start = (shard: SimulatedShard, i: number): Promise<void> => {
      let promise = done.get(shard.shardId);
      if (promise === undefined) {
        const parent = shards.find(s => s.shardId === shard.parentShardId);
        const after = parent ? start(parent, shards.indexOf(parent)) : Promise.resolve();
        promise = after.then(() => this.runShard(shard, prng(this.options.seed * 1000 + i)));
        done.set(shard.shardId, promise);
      }
      return promise;
    };
    await Promise.all(shards.map(start));
    return this.report;
  }

  private async runShard(shard: SimulatedShard, random: () => number): Promise<void> {
    const { records } = shard;
    let first = 0;
    while (first < records.length) {
      const window = this.windowOf(records[first]);
      let end = first;
      while (end < records.length && this.windowOf(records[end]).start === window.start) {
        end++;
      }
      await this.runWindow(shard, window, first, end, random);
      first = end;
    }
  }

  /** One window of a shard: records `[first, end)`. */
  private async runWindow(shard: SimulatedShard, window: Window, first: number, end: number, random: () => number): Promise<void> {
    const o = this.options;
    const { records } = shard;
    let state: Record<string, unknown> = {};
    /** Where the current state's records begin: everything before was handed over in a final invocation. */
    let lineage = first;
    /** The next record to read into a new batch. */
    let next = first;
    /** Batches to invoke before reading on: halves of a split, or a recut. */
    const pending: Batch[] = [];
    const given = new Set<number>();
    const replay = () => {
      this.report.replays++;
      state = {};
      next = first + Math.floor(random() * (lineage - first + 1));
      lineage = next;
      pending.length = 0;
    };
    /** After a state was handed over: the first record it did not hold (a retried half may still be to come). */
    const firstNotHandedOver = () => Math.min(next, ...pending.map(b => b.start));
    const giveUp = (batch: Batch) => {
      for (let i = batch.start; i < batch.end; i++) {
        if (!given.has(i)) {
          given.add(i);
          this.report.onFailureDestination.push({ shardId: shard.shardId, sequenceNumber: records[i].sequenceNumber });
        }
      }
    };

    for (let invocations = 0; ; invocations++) {
      if (invocations > (o.maxInvocations ?? 100_000)) {
        throw new Error(`${shard.shardId} ${window.start}: no progress after ${invocations} invocations`);
      }
      if (pending.length === 0 && next >= end) {
        // The window's records are done: the final invocation, retried until it succeeds.
        const answer = await this.invoke(shard, window, [], state, true, false, random);
        if (answer.ok) {
          return;
        }
        if (random() < (o.replay ?? 0)) {
          replay();
        }
        continue;
      }
      let batch = pending[0];
      if (batch === undefined) {
        const size = o.fullBatches ? o.maxBatchSize : 1 + Math.floor(random() * o.maxBatchSize);
        batch = { start: next, end: Math.min(end, next + size), retries: 0 };
        pending.push(batch);
        next = batch.end;
      }
      // Records past their age are given up when read, never handed to the function.
      const handed: StreamRecord[] = [];
      for (let i = batch.start; i < batch.end; i++) {
        if (o.tooOld?.has(records[i].sequenceNumber)) {
          if (!given.has(i)) {
            given.add(i);
            this.report.tooOld.push({ shardId: shard.shardId, sequenceNumber: records[i].sequenceNumber });
            this.report.onFailureDestination.push({ shardId: shard.shardId, sequenceNumber: records[i].sequenceNumber });
          }
        } else if (!given.has(i)) {
          handed.push(records[i]);
        }
      }
      const last = batch.end >= end && pending.length === 1;
      const final = last && random() < (o.finalWithRecords ?? 0);
      const early = !final && random() < (o.terminateEarly ?? 0);
      const flags = early ? pickFlags(o.earlyFlags ?? 'random', random) : undefined;
      const answer = await this.invoke(shard, window, handed, state, final || flags === 'both', early, random);
      if (!answer.ok) {
        if (random() < (o.replay ?? 0)) {
          replay();
        } else if (pending.length === 1 && random() < (o.recut ?? 0)) {
          // Read again from the failed batch's first record, in a batch of another size.
          const size = 1 + Math.floor(random() * o.maxBatchSize);
          pending[0] = { start: batch.start, end: Math.min(end, batch.start + size), retries: batch.retries };
          next = pending[0].end;
          this.report.recuts++;
        } else if (batch.end - batch.start > 1) {
          const middle = batch.start + Math.ceil((batch.end - batch.start) / 2);
          const halves = [{ start: batch.start, end: middle, retries: batch.retries }, { start: middle, end: batch.end, retries: batch.retries }];
          const order = o.halfOrder ?? 'first';
          if (order === 'second' || (order === 'random' && random() < 0.5)) {
            halves.reverse();
          }
          pending.splice(0, 1, ...halves);
          this.report.bisections++;
        } else if (++batch.retries > (o.maxRetryAttempts ?? 10_000)) {
          pending.shift();
          giveUp(batch);
        }
        continue;
      }

      state = answer.state;
      pending.shift();
      if (final) {
        this.report.finalsWithRecords++;
        return;
      }
      if (early) {
        this.report.earlyTerminations++;
        state = {};
        lineage = firstNotHandedOver();
        continue;
      }
      const bytes = Buffer.byteLength(JSON.stringify(state));
      this.report.largestStateBytes = Math.max(this.report.largestStateBytes, bytes);
      if (bytes > (o.stateLimitBytes ?? 1_000_000)) {
        // Lambda would end the window early; the handler must never make it.
        this.report.overLimit++;
        const ended = await this.invoke(shard, window, [], state, true, true, random);
        if (ended.ok) {
          state = {};
          lineage = firstNotHandedOver();
        }
        continue;
      }
      if (pending.length === 0 && random() < (o.replay ?? 0)) {
        replay();
      } else if (pending.length === 0 && random() < (o.redeliver ?? 0)) {
        const back = lineage + Math.floor(random() * (next - lineage));
        this.report.redeliveredRecords += next - back;
        next = back;
      }
    }
  }

  /**
   * Invokes the function once, as far as it is concerned: failures before it runs are
   * retried here (they are not function errors); anything else is the answer.
   */
  private async invoke(shard: SimulatedShard, window: Window, records: readonly StreamRecord[], state: Record<string, unknown>,
    final: boolean, early: boolean, random: () => number): Promise<Answer> {
    for (;;) {
      this.report.invocations++;
      if (random() < (this.options.failBeforeInvoke ?? 0)) {
        this.report.failedBeforeInvoke++;
        continue;
      }
      const event: TumblingWindowEvent = {
        Records: records.map(r => kinesisRecord(r.sequenceNumber, r.data, shard.shardId, r.arrivalMs)),
        window: { ...window },
        state: roundTrip(state),
        shardId: shard.shardId,
        eventSourceARN: STREAM_ARN,
        isFinalInvokeForWindow: final,
        isWindowTerminatedEarly: early,
      };
      let response: KinesisStreamStateResponse;
      try {
        response = await this.handler(event, this.context());
      } catch (error) {
        this.report.functionErrors++;
        this.report.errorMessages.push(error instanceof Error ? error.message : String(error));
        return { ok: false };
      }
      if (random() < (this.options.loseResponse ?? 0)) {
        this.report.lostResponses++;
        return { ok: false };
      }
      if (typeof response?.state !== 'object' || response.state === null) {
        throw new Error('the handler returned no state: Lambda would count it as a function error');
      }
      // Lambda keeps the response serialized: nothing the function holds on to leaks into the next invocation.
      return { ok: true, state: roundTrip(response.state) };
    }
  }

  /** A context whose remaining time counts down from the function's timeout. */
  private context(): InvocationContext {
    const deadline = Date.now() + (this.options.timeoutMs ?? 300_000);
    return { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  }

  private windowOf(record: StreamRecord): Window {
    const length = this.options.windowSeconds * 1000;
    const start = Math.floor(record.arrivalMs / length) * length;
    return { start: isoSeconds(start), end: isoSeconds(start + length) };
  }
}

function pickFlags(flags: 'both' | 'earlyOnly' | 'random', random: () => number): 'both' | 'earlyOnly' {
  return flags === 'random' ? (random() < 0.5 ? 'both' : 'earlyOnly') : flags;
}

/** ISO-8601 without milliseconds, as Lambda writes window bounds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
