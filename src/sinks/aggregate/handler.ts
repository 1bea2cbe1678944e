import { createHash } from 'crypto';
import type { Context, KinesisStreamStateResponse } from 'aws-lambda';
import { AggregateMetrics } from './aggregate-config';
import type { Flush, FlushResult } from './aggregate-writer';
import type { FailedRecord, FailureStore } from './failure-store';
import type { Carry, CarryOutcome, CarryRequest, Claim, ClaimOutcome, ClaimRequest, Progress } from './progress-store';
import { ERROR_BACKOFF, retryUntil } from './retry-policy';
import { closeGaps, Interval, recordCount, relation, union } from './sequence-intervals';
import { TumblingWindowEvent, WindowAggregator } from './window-aggregator';
import { KeyAggregate, MAX_STATE_BYTES, MIN_BATCH_ROOM_BYTES, stateBytes, stateBytesBound, WindowState } from './window-state';

/** Merges a flush into the table: `AggregateWriter`, or a stand-in in tests. */
export interface FlushWriter {
  merge(flush: Flush, deadline: number): Promise<FlushResult>;
}

/** The progress items: `ProgressStore`, or a stand-in in tests. */
export interface ProgressLedger {
  read(shardId: string, windowStart: string, deadline: number): Promise<Progress>;
  claim(request: ClaimRequest, deadline: number): Promise<ClaimOutcome>;
  readLog(shardId: string, windowStart: string, claim: Claim, deadline: number): Promise<string>;
  complete(shardId: string, windowStart: string, claim: Claim, deadline: number): Promise<void>;
  carry(request: CarryRequest, deadline: number): Promise<CarryOutcome>;
  readCarry(shardId: string, windowStart: string, carry: Carry, deadline: number): Promise<string>;
}

/** One structured log line. */
export type LogSink = (level: 'error' | 'warn' | 'info', entry: Record<string, unknown>) => void;

/** A JSON line on the function's log, which CloudWatch Logs Insights parses (and reads metrics from). */
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

/** The handler's parts: the entry builds them from the environment once per cold start, tests pass their own. */
export interface HandlerParts {
  readonly aggregator: WindowAggregator;
  readonly writer: FlushWriter;
  readonly progress: ProgressLedger;
  readonly failures: FailureStore;
  /** The event source mapping's batch size (for closing gaps in the merged records). */
  readonly maxBatchSize: number;
  /** Seconds after its window (or its last merge) that a progress item expires, like the items. */
  readonly expireAfterSeconds: number;
  readonly log?: LogSink;
  /** The function's name: the dimension of the metrics it publishes. */
  readonly functionName?: string;
  /**
   * Time kept back from the invocation's remaining time when setting the deadline of its
   * requests, to log and return before Lambda's timeout. Default 10 s; never more than half
   * the remaining time.
   */
  readonly safetyMarginMs?: number;
  /** The largest state handed back to Lambda, in bytes. Default `MAX_STATE_BYTES`; tests lower it to flush often. */
  readonly maxStateBytes?: number;
}

/** The function failed a batch on purpose: folded in, it would take the state past what Lambda carries. */
export class StateOverflowError extends Error {
  public readonly name = 'StateOverflowError';
}

/** One invocation's doings, for its log line and metrics. */
interface Tally {
  counted: number;
  redelivered: number;
  failedRecords: number;
  flushes: FlushResult[];
  recovered: number;
  dropped: number;
  staleKeys: number;
  /** The state was kept for the window's continuation. */
  kept: boolean;
}

/**
 * The aggregate handler. Each invocation:
 *
 * 1. With a fresh state (a window's start, or Lambda continuing or replaying it), reads the
 *    shard's progress item once, finishes a flush left halfway, and starts from its merged
 *    records (or from the state kept when Lambda ended the window early) — so a replay
 *    skips, record by record, whatever is merged already.
 * 2. If the state it was handed is due for a flush, flushes it first. That flush depends on
 *    the state alone, so any retry of this invocation, handed the same state, makes the
 *    same flush, which the progress item recognizes.
 * 3. Folds the batch in; records it cannot aggregate go to the failure store.
 * 4. At the window's end, flushes everything. When Lambda ends the window early (either
 *    flag), keeps the state in the progress item for the fresh state that continues it.
 *    Otherwise returns the state, marked due for a flush once it nears Lambda's limit. A
 *    batch that would take the state past that limit fails the invocation before anything
 *    is written, and Lambda splits it.
 *
 * A flush: its aggregates go to a log, a conditional write on the progress item claims the
 * next flush number and records its records as merged, one UpdateItem per key merges them,
 * and the claim is cleared. Whoever finds a claim pending finishes it from the log.
 */
export function createHandler(parts: HandlerParts): (event: TumblingWindowEvent, context: InvocationContext) => Promise<KinesisStreamStateResponse> {
  const log = parts.log ?? consoleLog;
  const safetyMarginMs = parts.safetyMarginMs ?? 10_000;
  const { aggregator, writer, progress, failures, maxBatchSize } = parts;
  const maxStateBytes = parts.maxStateBytes ?? MAX_STATE_BYTES;
  /** The state's size past which it is flushed first thing next time: room for the largest batch seen, twice over. */
  const softLimit = (state: WindowState) => maxStateBytes - Math.max(Math.min(MIN_BATCH_ROOM_BYTES, maxStateBytes / 4), 2 * (state.g ?? 0));

  /** Finishes a flush another invocation claimed but did not complete, from its log. */
  async function recover(event: TumblingWindowEvent, claim: Claim, deadline: number, tally: Tally): Promise<void> {
    const aggregates = JSON.parse(await progress.readLog(event.shardId, event.window.start, claim, deadline)) as { [key: string]: KeyAggregate };
    tally.flushes.push(await writer.merge(flushOf(event, claim.number, aggregates), deadline));
    await progress.complete(event.shardId, event.window.start, claim, deadline);
    tally.recovered++;
  }

  /** Merges the state's pending records and empties them; the state then knows the new progress. */
  async function flushPending(event: TumblingWindowEvent, state: WindowState, deadline: number, tally: Tally): Promise<void> {
    const pending = state.p ?? [];
    if (pending.length === 0) {
      return;
    }
    const aggregates = state.k ?? {};
    for (;;) {
      const base = state.v!;
      const id = flushId(base, pending);
      const merged = closeGaps(union(state.m ?? [], pending), [], maxBatchSize);
      const { claimed, current } = await progress.claim({
        shardId: event.shardId,
        windowStart: event.window.start,
        windowEnd: event.window.end,
        base,
        id,
        merged,
        log: JSON.stringify(aggregates),
        expiresAt: expiresAt(event, parts.expireAfterSeconds),
      }, deadline);
      if (claimed !== undefined) {
        tally.flushes.push(await writer.merge(flushOf(event, claimed.number, aggregates), deadline));
        await progress.complete(event.shardId, event.window.start, claimed, deadline);
        reset(state, claimed.number, merged);
        return;
      }
      if (current.lastFlush === id) {
        // An earlier attempt of this invocation claimed this very flush: finish it if it must be.
        if (current.claim?.id === id) {
          tally.flushes.push(await writer.merge(flushOf(event, current.claim.number, aggregates), deadline));
          await progress.complete(event.shardId, event.window.start, current.claim, deadline);
        }
        reset(state, current.version, current.merged);
        return;
      }
      if (current.claim !== undefined) {
        await recover(event, current.claim, deadline, tally);
      }
      const overlap = relation(pending, current.merged);
      if (overlap === 'all') {
        // Lambda handed an older state again after its flush went through: all of it is merged.
        tally.dropped += recordCount(pending);
        reset(state, current.version, current.merged);
        return;
      }
      if (overlap === 'some') {
        // Only a state older than Lambda's documented behaviour allows gets here (see README).
        await setAsideStale(event, state, current, deadline, tally);
        reset(state, current.version, current.merged);
        return;
      }
      state.v = current.version;
      state.m = current.merged;
    }
  }

  /**
   * Keeps a state Lambda ended early for the fresh state that continues the window, rather
   * than merging it: were its response lost, Lambda would retry with the state before, which
   * may go on past these records, and a merge would then overlap it. Kept, it is merged by
   * whichever state comes after, and dropped by any flush of another.
   */
  async function keepState(event: TumblingWindowEvent, state: WindowState, deadline: number, tally: Tally): Promise<void> {
    // Never checked against the limit (it is not handed back to Lambda): the continuation
    // must flush it first if it is near, or every batch after would overflow.
    if (stateBytesBound(state) > softLimit(state) && stateBytes(state) > softLimit(state)) {
      state.f = 1;
    }
    for (;;) {
      const pending = state.p ?? [];
      const id = flushId(state.v!, pending);
      const { current } = await progress.carry({
        shardId: event.shardId,
        windowStart: event.window.start,
        windowEnd: event.window.end,
        base: state.v!,
        id,
        state: pending.length > 0 ? JSON.stringify(state) : undefined,
        expiresAt: expiresAt(event, parts.expireAfterSeconds),
      }, deadline);
      if (current === undefined) {
        tally.kept = true;
        return;
      }
      if (current.claim !== undefined) {
        await recover(event, current.claim, deadline, tally);
      }
      const overlap = pending.length === 0 ? 'none' : relation(pending, current.merged);
      if (overlap === 'all') {
        tally.dropped += recordCount(pending);
        return;
      }
      if (overlap === 'some') {
        await setAsideStale(event, state, current, deadline, tally);
        return;
      }
      state.v = current.version;
      state.m = current.merged;
    }
  }

  /** Keeps, per key, a pending state that overlaps merged records: it can be neither merged nor dropped. */
  async function setAsideStale(event: TumblingWindowEvent, state: WindowState, current: Progress, deadline: number, tally: Tally) {
    const reason = 'the state Lambda handed the function overlaps records another invocation merged: '
      + 'merge these values by hand after checking which records of the shard\'s pending intervals are counted';
    log('error', { message: reason, shardId: event.shardId, windowStart: event.window.start, pending: state.p, merged: current.merged });
    for (const [key, aggregate] of Object.entries(state.k ?? {})) {
      const values: Record<string, number> = {};
      for (const m of aggregator.measures) {
        values[m.attribute] = aggregate[m.index];
      }
      await retryUntil(deadline, ERROR_BACKOFF, () => failures.putAggregate({
        shardId: event.shardId, windowStart: event.window.start, windowEnd: event.window.end, key, flush: current.version, values, reason,
      }));
      tally.staleKeys++;
    }
  }

  return async (event, context) => {
    const remaining = context.getRemainingTimeInMillis();
    const deadline = Date.now() + remaining - Math.min(safetyMarginMs, remaining / 2);
    const tally: Tally = { counted: 0, redelivered: 0, failedRecords: 0, flushes: [], recovered: 0, dropped: 0, staleKeys: 0, kept: false };
    const records = event.Records ?? [];
    const final = event.isFinalInvokeForWindow === true;
    const early = event.isWindowTerminatedEarly === true;
    let state = (event.state ?? {}) as WindowState;

    if (state.v === undefined) {
      if (records.length === 0 && !final) {
        // Nothing handed over, nothing delivered, the window goes on: nothing to merge or keep.
        return { state: {} };
      }
      const current = await progress.read(event.shardId, event.window.start, deadline);
      if (current.claim !== undefined) {
        await recover(event, current.claim, deadline, tally);
      }
      state = current.carry === undefined
        ? { v: current.version, m: current.merged }
        // The state of the window before Lambda ended it early: carry on from it.
        : JSON.parse(await progress.readCarry(event.shardId, event.window.start, current.carry, deadline)) as WindowState;
    }
    if (state.f === 1) {
      await flushPending(event, state, deadline, tally);
    }

    const outcome = aggregator.process(state, records, event.shardId, event.window.start);
    tally.counted = outcome.counted;
    tally.redelivered = outcome.redelivered;
    const ending = final || early;
    let size = 0;
    if (!ending) {
      size = stateBytesBound(state);
      if (size > softLimit(state)) {
        size = stateBytes(state);
      }
      if (size > maxStateBytes) {
        log('warn', {
          message: 'batch too large for the window state: failing it so that Lambda splits it',
          shardId: event.shardId,
          windowStart: event.window.start,
          records: records.length,
          stateBytes: size,
        });
        throw new StateOverflowError(`folding ${records.length} records in would make the window state ${size} bytes, `
          + `more than ${maxStateBytes}: failing the batch so that Lambda splits it`);
      }
    }
    if (outcome.failed.length > 0) {
      await storeFailed(outcome.failed, deadline);
      tally.failedRecords = outcome.failed.length;
    }
    if (early) {
      await keepState(event, state, deadline, tally);
      report(event, tally, 'terminated early');
      return { state: {} };
    }
    if (final) {
      await flushPending(event, state, deadline, tally);
      report(event, tally, 'final');
      return { state: {} };
    }
    if (size > softLimit(state)) {
      state.f = 1;
    }
    report(event, tally, undefined);
    return { state: state as Record<string, unknown> };
  };

  async function storeFailed(failed: FailedRecord[], deadline: number): Promise<void> {
    for (const record of failed) {
      log('warn', {
        message: 'record set aside in the failure store',
        shardId: record.shardId,
        sequenceNumber: record.sequenceNumber,
        reason: record.reason,
        windowStart: record.windowStart,
      });
    }
    await retryUntil(deadline, ERROR_BACKOFF, () => failures.putRecords(failed));
  }

  /** A log line (and, when something was set aside or merged again, embedded metrics) for the invocation. */
  function report(event: TumblingWindowEvent, tally: Tally, ending: string | undefined): void {
    const flushed = tally.flushes.reduce((sum, f) => ({
      merged: sum.merged + f.merged,
      alreadyMerged: sum.alreadyMerged + f.alreadyMerged,
      unstorable: sum.unstorable + f.unstorable,
      extremes: sum.extremes + f.extremes,
      retried: sum.retried + f.retried,
    }), { merged: 0, alreadyMerged: 0, unstorable: 0, extremes: 0, retried: 0 });
    const unstorable = flushed.unstorable + tally.staleKeys;
    const metrics = tally.failedRecords > 0 || unstorable > 0 || flushed.alreadyMerged > 0;
    if (tally.flushes.length === 0 && !metrics && tally.dropped === 0 && !tally.kept) {
      return;
    }
    log(unstorable > 0 ? 'error' : 'info', {
      message: tally.flushes.length > 0 ? `window flushed (${ending ?? 'state near its limit'})`
        : tally.kept ? 'window state kept for its continuation (terminated early)' : 'records set aside',
      shardId: event.shardId,
      windowStart: event.window.start,
      flushes: tally.flushes.length,
      recovered: tally.recovered,
      counted: tally.counted,
      redelivered: tally.redelivered,
      dropped: tally.dropped,
      ...flushed,
      ...(metrics && parts.functionName ? embeddedMetrics(parts.functionName, {
        [AggregateMetrics.FAILED_RECORDS]: tally.failedRecords,
        [AggregateMetrics.UNSTORABLE_AGGREGATES]: unstorable,
        [AggregateMetrics.ALREADY_MERGED]: flushed.alreadyMerged,
      }) : {}),
    });
  }
}

/**
 * A flush's id: the version it is made from, and its records. The same intervals are the
 * same records, so a retry handed the same state makes the same id; the same records cut
 * otherwise make another id, and are then found merged by their intervals instead.
 */
function flushId(base: number, pending: readonly Interval[]): string {
  const digest = createHash('sha256').update(JSON.stringify(pending)).digest('hex').slice(0, 16);
  return `${base}:${recordCount(pending)}:${digest}`;
}

function flushOf(event: TumblingWindowEvent, number: number, aggregates: { [key: string]: KeyAggregate }): Flush {
  return { shardId: event.shardId, windowStart: event.window.start, windowEnd: event.window.end, number, aggregates };
}

function reset(state: WindowState, version: number, merged: Interval[]): void {
  state.v = version;
  state.m = merged;
  delete state.p;
  delete state.k;
  delete state.b;
  delete state.f;
}

function expiresAt(event: TumblingWindowEvent, expireAfterSeconds: number): number {
  return Math.floor(Math.max(Date.parse(event.window.end), Date.now()) / 1000) + expireAfterSeconds;
}

/** CloudWatch's embedded metric format: the log line itself carries the metrics. */
function embeddedMetrics(functionName: string, values: Record<string, number>): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{
        Namespace: AggregateMetrics.NAMESPACE,
        Dimensions: [[AggregateMetrics.DIMENSION]],
        Metrics: Object.keys(values).map(name => ({ Name: name, Unit: 'Count' })),
      }],
    },
    [AggregateMetrics.DIMENSION]: functionName,
    ...values,
  };
}
