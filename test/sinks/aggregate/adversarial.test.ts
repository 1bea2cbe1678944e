import { encode, encodeRaw, order, sequenceNumber } from './fixtures';
import { expectedOf, Harness, orders, Rec, SHARD } from './harness';
import { LocalDynamoDB, startDynalite } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';

/**
 * Each case of issue 8, scripted invocation by invocation against the shipped handler and
 * dynalite, with only what Lambda's documentation allows: the table must hold every valid
 * record exactly once, and the failure store every record that could not be counted.
 */

let local: LocalDynamoDB;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local.close();
});

const MALFORMED: Rec = [4, encodeRaw('{"customer":')];

test('out-of-order retries: a batch whose response is lost, retried second half first, counts every record once', async () => {
  const h = await Harness.create(local);
  const batch = orders(0, 9).map(r => (r[0] === 4 ? MALFORMED : r));
  const start = await h.invoke(orders(-3, -1), {});
  // Lambda loses the response of the whole batch and bisects it: second half first, with the older state.
  await h.invoke(batch, start);
  const afterSecond = await h.invoke(batch.slice(5), start);
  const afterFirst = await h.invoke(batch.slice(0, 5), afterSecond);
  await h.invoke([], afterFirst, { final: true });

  expect(await h.items()).toEqual(expectedOf(orders(-3, -1), batch));
  expect([...h.failures.records.keys()]).toEqual([`${SHARD}:${sequenceNumber(4)}`]);
  expect(h.failures.records.get(`${SHARD}:${sequenceNumber(4)}`)).toMatchObject({ data: MALFORMED[1], reason: 'not valid JSON' });
});

test('replays with other cuts: segments merged as 0-9 and 10-19, replayed fresh as 8-15 and 16-25, count once', async () => {
  // A state this small is flushed first thing in every invocation: segment 0-9, then 10-19.
  const h = await Harness.create(local, undefined, 100, 1_200);
  const first = await h.invoke(orders(0, 9), {});
  const second = await h.invoke(orders(10, 19), first);
  await h.invoke(orders(20, 21), second);
  expect(h.logs.filter(l => l.entry.flushes === 1).length).toBe(2);
  // Lambda reads the window again from record 8, with a fresh state and other batch sizes.
  const replayed = await h.invoke(orders(8, 15), {});
  const more = await h.invoke(orders(16, 25), replayed);
  await h.invoke([], more, { final: true });

  expect(await h.items()).toEqual(expectedOf(orders(0, 25)));
  // One read of the progress item per fresh state; none in between.
  expect(h.stats.reads).toBe(2);
});

test.each([
  ['isWindowTerminatedEarly alone', { early: true }],
  ['isWindowTerminatedEarly with isFinalInvokeForWindow', { early: true, final: true }],
])('early termination (%s): the invocation\'s own records and its state are kept for the fresh state that continues the window', async (_, flags) => {
  const h = await Harness.create(local);
  const state = await h.invoke(orders(0, 9), {});
  expect(await h.invoke(orders(10, 19), state, flags)).toEqual({});
  const fresh = await h.invoke(orders(20, 29), {});
  await h.invoke([], fresh, { final: true });

  expect(await h.items()).toEqual(expectedOf(orders(0, 29)));
});

test('an early-ended invocation whose response was lost, retried with the state before and read on past it: counted once', async () => {
  const h = await Harness.create(local);
  const state = await h.invoke(orders(0, 9), {});
  // Kept for the window's continuation, but Lambda never gets the response...
  await h.invoke(orders(10, 14), state, { final: true, early: true });
  // ...so it retries with the state before, does not end the window this time, and reads on.
  const on = await h.invoke(orders(10, 19), state);
  await h.invoke([], on, { final: true });

  expect(await h.items()).toEqual(expectedOf(orders(0, 19)));
});

test('a state ended early past the soft limit is flushed first by the continuation, which then fits its batches', async () => {
  const h = await Harness.create(local, undefined, 100, 6_000);
  const keyed = (from: number, to: number): Rec[] =>
    Array.from({ length: to - from + 1 }, (_, i) => [from + i, encode(order(`customer-${'x'.repeat(40)}-${from + i}`, 1))]);
  // Small batches first: the room kept for the next batch stays small.
  let state: object = {};
  for (let n = 0; n < 40; n += 2) {
    state = await h.invoke(keyed(n, n + 1), state);
  }
  // Lambda ends the window early on a large batch: kept far past the soft limit.
  expect(await h.invoke(keyed(40, 199), state, { early: true })).toEqual({});
  const on = await h.invoke(keyed(200, 201), {});
  await h.invoke([], on, { final: true });

  expect(await h.items()).toEqual(expectedOf(keyed(0, 201)));
});

test('a flush that failed halfway, retried with another cut of the final batch: finished from its own log, not the retry\'s', async () => {
  let failed = false;
  // The final flush's write to c-7 fails once, after the others went through.
  const h = await Harness.create(local, (command, input) => {
    if (command === 'UpdateItemCommand' && input.Key[L.PARTITION_KEY].S === 'c-7' && !failed) {
      failed = true;
      return 'before';
    }
    return undefined;
  });
  const state = await h.invoke(orders(0, 9, 10), {});
  await expect(h.invoke(orders(10, 19, 10), state, { final: true })).rejects.toThrow(/failed \(9 of 10 keys done\)/);
  // Lambda retries the first half, still as the final invocation, with the state the failed one got.
  await h.invoke(orders(10, 14, 10), state, { final: true });

  expect(await h.items()).toEqual(expectedOf(orders(0, 19, 10)));
});

test('a final invocation carrying records merges them with the state', async () => {
  const h = await Harness.create(local);
  const state = await h.invoke(orders(0, 9), {});
  expect(await h.invoke(orders(10, 14), state, { final: true })).toEqual({});
  expect(await h.items()).toEqual(expectedOf(orders(0, 14)));
});

test('a re-invoked final window, with the same state or after its response was lost, adds nothing', async () => {
  const h = await Harness.create(local);
  const state = await h.invoke(orders(0, 19), {});
  await h.invoke([], state, { final: true });
  const writes = h.stats.itemWrites;
  await h.invoke([], state, { final: true });
  await h.invoke([], state, { final: true });

  expect(await h.items()).toEqual(expectedOf(orders(0, 19)));
  expect(h.stats.itemWrites).toBe(writes);
});

test('a flush that failed halfway, then a replay with a fresh state and other cuts: the progress item\'s log finishes it', async () => {
  let updates = 0;
  // The 4th item write of the window's flush fails, and so the invocation.
  const h = await Harness.create(local, (command, input) => {
    if (command === 'UpdateItemCommand' && !String(input.Key[L.PARTITION_KEY].S).startsWith(L.PROGRESS_KEY_PREFIX)) {
      return ++updates === 4 ? 'before' : undefined;
    }
    return undefined;
  });
  const state = await h.invoke(orders(0, 19, 10), {});
  await expect(h.invoke([], state, { final: true })).rejects.toThrow(/^flush 1 of shardId-000000000000 in window 2024-05-01T10:00:00Z failed \(\d of 10 keys done\): InjectedFault/);
  // Lambda reads the window again from its start, fresh, in other batches.
  const replayed = await h.invoke(orders(0, 6, 10), {});
  const rest = await h.invoke(orders(7, 19, 10), replayed);
  await h.invoke([], rest, { final: true });

  expect(await h.items()).toEqual(expectedOf(orders(0, 19, 10)));
  // Each key written once: those the failed flush got to, and the rest by the replay, from the flush's log.
  expect(h.stats.itemWrites).toBe(10);
  expect(h.logs.some(l => l.entry.recovered === 1)).toBe(true);
});

test('the state never nears 1 MB: 20,000 keys of 44 characters in one window are flushed in parts by the handler', async () => {
  const h = await Harness.create(local);
  const key = (i: number) => `customer-${String(i).padStart(35, '0')}`;
  let state: object = {};
  let largest = 0;
  for (let b = 0; b < 200; b++) {
    const batch: Rec[] = Array.from({ length: 100 }, (_, i) => [b * 100 + i, encode(order(key(b * 100 + i), 1))]);
    state = await h.invoke(batch, state);
    largest = Math.max(largest, Buffer.byteLength(JSON.stringify(state)));
  }
  await h.invoke([], state, { final: true });

  expect(largest).toBeLessThan(900_000);
  const items = await h.items();
  expect(items.size).toBe(20_000);
  expect([...items.values()].every(v => v[0] === 1)).toBe(true);
  // Flushed in parts (one claim each), yet one write per key.
  expect(h.stats.itemWrites).toBe(20_000);
  expect(h.logs.filter(l => String(l.entry.message).startsWith('window flushed (state near its limit)')).length).toBeGreaterThan(0);
  // A guard against a hang, not a speed check: a loaded 2-core CI machine runs these runs against dynalite slowly.
}, 600_000);

test('a batch too large for the state fails before anything is written, and its halves fit', async () => {
  const h = await Harness.create(local, undefined, 100, 4_000);
  const batch: Rec[] = Array.from({ length: 200 }, (_, i) => [i, encode(order(`customer-${i}`, i))]);
  await expect(h.invoke(batch, {})).rejects.toThrow(/^folding 200 records in would make the window state \d+ bytes, more than 4000: failing the batch so that Lambda splits it$/);
  expect(h.stats.itemWrites + h.stats.progressWrites).toBe(0);
  expect(h.logs.map(l => l.entry.message)).toEqual(['batch too large for the window state: failing it so that Lambda splits it']);
  // Lambda splits it: each half fits; the state is flushed in parts on the way.
  let state: object = {};
  for (const half of [batch.slice(0, 100), batch.slice(100)]) {
    state = await h.invoke(half, state);
    expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThanOrEqual(4_000);
  }
  await h.invoke([], state, { final: true });
  expect(await h.items()).toEqual(expectedOf(batch));
});

describe('values DynamoDB cannot store', () => {
  test('a record that would take its key\'s sum past 1E126 is set aside, the window completes', async () => {
    const h = await Harness.create(local);
    const records: Rec[] = [[0, encode(order('big', 9e125))], [1, encode(order('big', 9e125))], [2, encode(order('small', 1))],
      [3, encode(order('tiny', 2e-130))], [4, encode(order('tiny', -1.5e-130))]];
    const state = await h.invoke(records, {});
    await h.invoke([], state, { final: true });

    expect(await h.items()).toEqual(new Map([['big', [1, 9e125, 9e125, 9e125]], ['small', [1, 1, 1, 1]], ['tiny', [1, 2e-130, 2e-130, 2e-130]]]));
    expect(h.failures.records.get(`${SHARD}:${sequenceNumber(1)}`)?.reason)
      .toBe('adding 9e+125 to the sum 9e+125 of \'sum_amount\' for key "big" would leave DynamoDB\'s number range (magnitudes 1E-130 to below 1E126)');
    expect(h.failures.records.get(`${SHARD}:${sequenceNumber(4)}`)?.reason).toMatch(/^adding -1.5e-130 to the sum 2e-130 of 'sum_amount'/);
  });

  test('a key whose item DynamoDB refuses at merge is set aside with its values; the other keys merge', async () => {
    // DynamoDB refuses this shard's ADD to 'big' (dynalite does not check sums: the fault plan does as DynamoDB).
    const h = await Harness.create(local, (command, input) =>
      command === 'UpdateItemCommand' && input.Key[L.PARTITION_KEY].S === 'big' && input.UpdateExpression.includes(' ADD ')
        && input.ExpressionAttributeNames['#mk'] === `${L.MARK_PREFIX}${SHARD}` ? 'overflow' : undefined);
    // Another shard merged 9e125 into 'big' already.
    const other = await h.invoke([[0, encode(order('big', 9e125))]], {}, { shardId: 'shardId-000000000001' });
    await h.invoke([], other, { final: true, shardId: 'shardId-000000000001' });
    const state = await h.invoke([[0, encode(order('big', 9e125))], [1, encode(order('small', 2))]], {});
    await h.invoke([], state, { final: true });
    // Retried: still set aside once, nothing merged twice.
    await h.invoke([], state, { final: true });

    expect(await h.items()).toEqual(new Map([['big', [1, 9e125, 9e125, 9e125]], ['small', [1, 2, 2, 2]]]));
    expect([...h.failures.aggregates.values()]).toEqual([expect.objectContaining({
      shardId: SHARD,
      key: 'big',
      flush: 1,
      values: { count: 1, sum_amount: 9e125, min_amount: 9e125, max_amount: 9e125 },
      reason: expect.stringMatching(/^ValidationException: Number overflow/),
    })]);
    expect(h.logs.find(l => l.level === 'error')?.entry).toMatchObject({ unstorable: 1, UnstorableAggregates: 1 });
  });
});

test('48 shards flushing one hot key: one write each, no read of the item, no conflict', async () => {
  const h = await Harness.create(local);
  const shards = Array.from({ length: 48 }, (_, s) => `shardId-${String(s).padStart(12, '0')}`);
  await Promise.all(shards.map(async (shardId, s) => {
    const state = await h.invoke([[0, encode(order('hot', s))], [1, encode(order(`own-${s}`, 1))]], {}, { shardId });
    await h.invoke([], state, { final: true, shardId });
  }));

  const items = await h.items();
  expect(items.get('hot')).toEqual([48, (47 * 48) / 2, 0, 47]);
  expect(h.stats.conditionalFailures).toBe(0);
  // The progress item of each shard read once; the items never.
  expect(h.stats.reads).toBe(48);
  // One write per key per flush, plus a second one when a shard lowers the minimum or raises the maximum.
  const extremes = h.logs.reduce((n, l) => n + Number(l.entry.extremes ?? 0), 0);
  expect(h.stats.itemWrites).toBe(48 * 2 + extremes);
  expect(extremes).toBeLessThan(48 * 2);
});

test('a malformed record never fails its batch: it is kept whole in the failure store, the rest counts', async () => {
  const h = await Harness.create(local);
  const bad: Rec[] = [[1, encodeRaw(Buffer.from([0x7b, 0xff, 0x7d]))], [3, encode({ amount: 5 })], [5, encode(order('c-1', '5'))]];
  const records = orders(0, 6).map(r => bad.find(b => b[0] === r[0]) ?? r);
  const state = await h.invoke(records, {});
  await h.invoke([], state, { final: true });

  expect(await h.items()).toEqual(expectedOf(records));
  expect([...h.failures.records.values()].map(r => [r.sequenceNumber, r.data, r.reason])).toEqual([
    [sequenceNumber(1), bad[0][1], 'not valid UTF-8'],
    [sequenceNumber(3), bad[1][1], 'key missing at customer.id'],
    [sequenceNumber(5), bad[2][1], 'measure field at amount is not a finite number'],
  ]);
  expect(h.logs.find(l => l.entry.FailedRecords !== undefined)?.entry).toMatchObject({ FailedRecords: 3, FunctionName: 'aggregate' });
});

test('a state older than Lambda documents (handed again after a later one was merged): detected, set aside, never counted twice', async () => {
  const h = await Harness.create(local);
  const older = await h.invoke(orders(0, 9), {});
  const newer = await h.invoke(orders(10, 19), older);
  await h.invoke([], newer, { final: true });
  // Lambda goes back two steps: the older state, with records past it, some merged and some not.
  const stale = await h.invoke(orders(10, 29), older);
  await h.invoke([], stale, { final: true });

  // 0-19 once; what the stale state held (0-9 again, 10-29 mixed in) set aside per key, never merged.
  expect(await h.items()).toEqual(expectedOf(orders(0, 19)));
  expect([...h.failures.aggregates.values()].map(a => [a.key, a.values.count])).toEqual([['c-0', 6], ['c-1', 6], ['c-2', 6], ['c-3', 6], ['c-4', 6]]);
  expect(h.logs.find(l => l.level === 'error')?.entry.message).toMatch(/^the state Lambda handed the function overlaps records another invocation merged/);
});
