import { COMPILED_ORDERS, encode, encodeRaw, MemoryFailureStore, order, ORDERS, roundTrip, sequenceNumber, WINDOW, windowEvent } from './fixtures';
import { injectFaults, newAggregateTable, useDynalite } from './local-dynamodb';
import { AggregateWriter, Flush } from '../../../src/sinks/aggregate/aggregate-writer';
import { createHandler, InvocationContext } from '../../../src/sinks/aggregate/handler';
import { ProgressStore } from '../../../src/sinks/aggregate/progress-store';
import { WindowAggregator } from '../../../src/sinks/aggregate/window-aggregator';

const s = (n: number) => sequenceNumber(n);
const SHARD = 'shardId-000000000000';

const dynalite = useDynalite();

/** A context reporting `remainingMs` left, as at the start of an invocation. */
function contextWith(remainingMs: number): InvocationContext {
  return { getRemainingTimeInMillis: () => remainingMs };
}

/** The handler on dynalite, with its merges watched and its log kept. */
async function setup(options: { safetyMarginMs?: number; functionName?: string; mergeFails?: boolean } = {}) {
  const local = dynalite();
  const table = await newAggregateTable(local, 'handler');
  const client = local.client();
  const stats = injectFaults(client);
  const failures = new MemoryFailureStore();
  const writer = new AggregateWriter(client, table, COMPILED_ORDERS, failures);
  const merges: { flush: Flush; deadline: number }[] = [];
  const logs: { level: string; entry: Record<string, unknown> }[] = [];
  const handler = createHandler({
    aggregator: new WindowAggregator(COMPILED_ORDERS),
    writer: {
      merge: async (flush, deadline) => {
        merges.push({ flush, deadline });
        if (options.mergeFails) {
          throw new Error('merge failed');
        }
        return writer.merge(flush, deadline);
      },
    },
    progress: new ProgressStore(client, table),
    failures,
    maxBatchSize: 100,
    expireAfterSeconds: ORDERS.expireAfterSeconds,
    log: (level, entry) => logs.push({ level, entry }),
    functionName: options.functionName,
    safetyMarginMs: options.safetyMarginMs,
  });
  return { handler, stats, merges, logs, failures };
}

test('a fresh state with nothing delivered, the window going on: nothing read, nothing kept', async () => {
  const { handler, stats } = await setup();
  expect(await handler(windowEvent([]), contextWith(60_000))).toEqual({ state: {} });
  expect(await handler(windowEvent([], { early: true }), contextWith(60_000))).toEqual({ state: {} });
  expect(stats.reads + stats.progressWrites).toBe(0);
});

test('a fresh state reads the progress item once, then carries what it learnt', async () => {
  const { handler, stats } = await setup();
  const first = await handler(windowEvent([[s(1), encode(order('a', 1))]]), contextWith(60_000));
  expect(first.state).toMatchObject({ v: 0, m: [], p: [[s(1), s(1), 1]], k: { a: [1, 1, 1, 1] } });
  await handler(windowEvent([[s(2), encode(order('a', 2))]], { state: roundTrip(first.state!) }), contextWith(60_000));
  expect(stats.reads).toBe(1);
});

test.each([
  [300_000, undefined, 290_000],
  [8_000, undefined, 4_000],
  [60_000, 1_000, 59_000],
])('with %i ms left and a margin of %s, merges must end %i ms from now', async (remaining, safetyMarginMs, budget) => {
  const { handler, merges } = await setup({ safetyMarginMs });
  const state = (await handler(windowEvent([[s(1), encode(order('a', 1))]]), contextWith(remaining))).state!;
  const before = Date.now();
  await handler(windowEvent([], { state: roundTrip(state), final: true }), contextWith(remaining));
  expect(merges[0].deadline).toBeGreaterThanOrEqual(before + budget);
  expect(merges[0].deadline).toBeLessThanOrEqual(Date.now() + budget);
  expect(merges[0].flush).toEqual({ shardId: SHARD, windowStart: WINDOW.start, windowEnd: WINDOW.end, number: 1, aggregates: { a: [1, 1, 1, 1] } });
});

test('records set aside: a warning each, and a log line whose embedded metrics CloudWatch reads', async () => {
  const { handler, logs } = await setup({ functionName: 'spend' });
  await handler(windowEvent([[s(1), encodeRaw('{')], [s(2), encode(order('a', 1))]]), contextWith(60_000));
  expect(logs[0]).toEqual({
    level: 'warn',
    entry: {
      message: 'record set aside in the failure store', shardId: SHARD, sequenceNumber: s(1), reason: 'not valid JSON', windowStart: WINDOW.start,
    },
  });
  expect(logs[1].entry).toEqual({
    message: 'records set aside',
    shardId: SHARD,
    windowStart: WINDOW.start,
    flushes: 0,
    recovered: 0,
    counted: 1,
    redelivered: 0,
    dropped: 0,
    merged: 0,
    alreadyMerged: 0,
    unstorable: 0,
    extremes: 0,
    retried: 0,
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [{
        Namespace: 'CdkStreamingPipelines/AggregateToTable',
        Dimensions: [['FunctionName']],
        Metrics: [{ Name: 'FailedRecords', Unit: 'Count' }, { Name: 'UnstorableAggregates', Unit: 'Count' }, { Name: 'AlreadyMergedKeys', Unit: 'Count' }],
      }],
    },
    FunctionName: 'spend',
    FailedRecords: 1,
    UnstorableAggregates: 0,
    AlreadyMergedKeys: 0,
  });
});

test('a merge that fails fails the invocation, for Lambda to retry it; nothing is returned as done', async () => {
  const { handler } = await setup({ mergeFails: true });
  const state = (await handler(windowEvent([[s(1), encode(order('a', 1))]]), contextWith(60_000))).state!;
  await expect(handler(windowEvent([], { state: roundTrip(state), final: true }), contextWith(60_000))).rejects.toThrow('merge failed');
});

test('a state past its soft limit is flushed first thing in the next invocation, which is told so', async () => {
  const { handler, merges, logs } = await setup();
  const keys = Array.from({ length: 5000 }, (_, i) => [s(i), encode(order(`customer-${'x'.repeat(200)}-${i}`, i))] as [string, string]);
  let state: object = {};
  for (let b = 0; b < 50 && merges.length === 0; b++) {
    state = (await handler(windowEvent(keys.slice(b * 100, (b + 1) * 100), { state: roundTrip(state) }), contextWith(60_000))).state!;
  }
  expect(merges.length).toBe(1);
  expect(logs.find(l => l.entry.flushes === 1)?.entry.message).toBe('window flushed (state near its limit)');
  // The flushed state never went past the limit: the flag was set on the way up.
  expect(Object.keys(merges[0].flush.aggregates).length).toBeGreaterThan(3000);
  // A guard against a hang, not a speed check: a loaded 2-core CI machine runs this against dynalite slowly.
}, 300_000);
