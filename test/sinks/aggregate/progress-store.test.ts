import { sequenceNumber, WINDOW } from './fixtures';
import { injectFaults, newAggregateTable, useDynalite } from './local-dynamodb';
import { ClaimRequest, LOG_CHUNK_BYTES, ProgressStore } from '../../../src/sinks/aggregate/progress-store';
import { Interval } from '../../../src/sinks/aggregate/sequence-intervals';

const SHARD = 'shardId-000000000000';
const deadline = () => Date.now() + 10_000;
const merged = (to: number): Interval[] => [[sequenceNumber(0), sequenceNumber(to), to + 1]];

const dynalite = useDynalite();

async function setup() {
  const local = dynalite();
  const table = await newAggregateTable(local, 'progress');
  const client = local.client();
  return { store: new ProgressStore(client, table), stats: injectFaults(client) };
}

function request(base: number, id: string, log = '{"a":[1,1,1,1]}', to = 9): ClaimRequest {
  return { shardId: SHARD, windowStart: WINDOW.start, windowEnd: WINDOW.end, base, id, merged: merged(to), log, expiresAt: 2e9 };
}

test('no item: version 0, nothing merged', async () => {
  const { store } = await setup();
  expect(await store.read(SHARD, WINDOW.start, deadline())).toEqual({ version: 0, merged: [] });
});

test('claims go one at a time, each from the version before it; a claim pending stops the next', async () => {
  const { store } = await setup();
  const first = await store.claim(request(0, 'f1'), deadline());
  expect(first).toEqual({ claimed: { id: 'f1', number: 1, chunks: 1 } });
  // Pending: no other claim, not even from the right version.
  const blocked = await store.claim(request(1, 'f2', '{}', 19), deadline());
  expect(blocked.current).toEqual({ version: 1, merged: merged(9), lastFlush: 'f1', claim: first.claimed });
  expect(await store.readLog(SHARD, WINDOW.start, first.claimed!, deadline())).toBe('{"a":[1,1,1,1]}');
  await store.complete(SHARD, WINDOW.start, first.claimed!, deadline());
  // Completing twice is harmless.
  await store.complete(SHARD, WINDOW.start, first.claimed!, deadline());
  // From a stale version: refused, with the progress as it stands.
  expect((await store.claim(request(0, 'stale'), deadline())).current).toEqual({ version: 1, merged: merged(9), lastFlush: 'f1' });
  expect(await store.claim(request(1, 'f2', '{}', 19), deadline())).toEqual({ claimed: { id: 'f2', number: 2, chunks: 1 } });
});

test('a log larger than an item is written in chunks and read back whole', async () => {
  const { store } = await setup();
  const log = JSON.stringify({ k: 'ü'.repeat(LOG_CHUNK_BYTES) });
  const { claimed } = await store.claim(request(0, 'big', log), deadline());
  expect(claimed!.chunks).toBe(Math.ceil(Buffer.byteLength(log) / LOG_CHUNK_BYTES));
  expect(await store.readLog(SHARD, WINDOW.start, claimed!, deadline())).toBe(log);
});

test('a kept state: read back whole, dropped by the next claim or by keeping nothing, refused from a stale version', async () => {
  const { store } = await setup();
  expect(await store.carry({ shardId: SHARD, windowStart: WINDOW.start, windowEnd: WINDOW.end, base: 0, id: 'c1', state: '{"v":0}', expiresAt: 2e9 }, deadline()))
    .toEqual({ kept: true });
  const progress = await store.read(SHARD, WINDOW.start, deadline());
  expect(progress).toEqual({ version: 0, merged: [], carry: { id: 'c1', chunks: 1 } });
  expect(await store.readCarry(SHARD, WINDOW.start, progress.carry!, deadline())).toBe('{"v":0}');
  await store.carry({ shardId: SHARD, windowStart: WINDOW.start, windowEnd: WINDOW.end, base: 0, id: 'none', expiresAt: 2e9 }, deadline());
  expect((await store.read(SHARD, WINDOW.start, deadline())).carry).toBeUndefined();
  await store.carry({ shardId: SHARD, windowStart: WINDOW.start, windowEnd: WINDOW.end, base: 0, id: 'c1', state: '{"v":0}', expiresAt: 2e9 }, deadline());

  await store.claim(request(0, 'f1'), deadline());
  expect((await store.read(SHARD, WINDOW.start, deadline())).carry).toBeUndefined();
  const stale = await store.carry({ shardId: SHARD, windowStart: WINDOW.start, windowEnd: WINDOW.end, base: 0, id: 'c2', state: '{}', expiresAt: 2e9 }, deadline());
  expect(stale.current?.version).toBe(1);
});
