import { encode, encodeRaw, hash, MemoryFailureStore, order, ORDERS, prng, sequenceNumber } from './fixtures';
import { ordersHandler } from './harness';
import { isoSeconds, LambdaSimulator, SimulatedShard, SimulatorOptions, StreamRecord } from './lambda-simulator';
import { createAggregateTable, Fault, injectFaults, isProgressRequest, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';

/**
 * The shipped handler, end to end, against dynalite and a Lambda simulator that takes every
 * freedom the documentation leaves it: halves retried in any order, batches re-cut,
 * records delivered again, windows replayed from earlier with a fresh state, ended early
 * with either flag, final invocations carrying records, responses lost, resharding, and
 * records too old to be read; plus DynamoDB requests failing before or after they apply.
 * Whatever happens, the table must equal the aggregates of the valid records it was given,
 * and the failure store must hold every malformed record.
 */

const WINDOW_SECONDS = 60;
const WINDOWS = 4;
const START_MS = Date.parse('2024-05-01T10:00:00Z');
const BATCH = 25;

/** Malformed records, one of each kind in turn. */
const MALFORMED = [
  encodeRaw(Buffer.from([0x7b, 0xff, 0x7d])),
  encodeRaw('{"customer":{"id":"c-1"},"amount":'),
  encode(['not', 'an', 'object']),
  encode({ amount: 5 }),
  encode(order(false as unknown as string, 5)),
  encode(order('', 5)),
  encode(order('c-1')),
  encode(order('c-1', '5')),
];

interface Input {
  readonly shards: SimulatedShard[];
  /** `${shardId}:${sequenceNumber}` of every malformed record. */
  readonly malformed: Set<string>;
  /** Sequence numbers of records too old for Lambda to read. */
  readonly tooOld: Set<string>;
  /** What the table must hold: by `${key}|${windowStart}`, [count, sum, min, max]. */
  readonly expected: Map<string, number[]>;
}

/**
 * Three shards over four one-minute windows, and shard 0 split into shards 3 and 4 half-way:
 * orders of 40 customers (the key a string or a number), amounts from -100 to 999, 2.5% of
 * records malformed, 1% too old to be read. Shard 0's sequence numbers cross from 56 to 57
 * digits, which only a numeric comparison orders right.
 */
function generate(recordsPerShard: number, seed: number): Input {
  const random = prng(seed);
  const malformed = new Set<string>();
  const tooOld = new Set<string>();
  const expected = new Map<string, number[]>();
  const shards: SimulatedShard[] = [];
  const shard = (shardId: string, base: bigint, from: number, to: number, parentShardId?: string) => {
    const records: StreamRecord[] = [];
    for (let i = from; i < to; i++) {
      const seq = sequenceNumber(i, base);
      const arrivalMs = START_MS + Math.floor((i * WINDOWS * WINDOW_SECONDS * 1000) / recordsPerShard);
      if (random() < 0.025) {
        malformed.add(`${shardId}:${seq}`);
        records.push({ sequenceNumber: seq, arrivalMs, data: MALFORMED[malformed.size % MALFORMED.length] });
        continue;
      }
      const c = Math.floor(random() * 40);
      const id: string | number = c === 7 ? (random() < 0.5 ? 7 : '7') : c % 2 === 0 ? `c-${c}` : c;
      const amount = Math.floor(random() * 1100) - 100;
      records.push({ sequenceNumber: seq, arrivalMs, data: encode(order(id, amount)) });
      if (random() < 0.01) {
        tooOld.add(seq);
        continue;
      }
      const slot = `${String(id)}|${isoSeconds(Math.floor(arrivalMs / 60_000) * 60_000)}`;
      const e = expected.get(slot);
      expected.set(slot, e === undefined ? [1, amount, amount, amount] : [e[0] + 1, e[1] + amount, Math.min(e[2], amount), Math.max(e[3], amount)]);
    }
    shards.push({ shardId, records, parentShardId });
  };
  const half = recordsPerShard / 2;
  shard('shardId-000000000000', 10n ** 56n - BigInt(half / 2) * 1000n, 0, half);
  shard('shardId-000000000001', 49590338271490256608559692538361571095921575989136588898n + 10n ** 40n, 0, recordsPerShard);
  shard('shardId-000000000002', 49590338271490256608559692538361571095921575989136588898n + 2n * 10n ** 40n, 0, recordsPerShard);
  shard('shardId-000000000003', 49590338271490256608559692538361571095921575989136588898n + 3n * 10n ** 40n, half, recordsPerShard, 'shardId-000000000000');
  shard('shardId-000000000004', 49590338271490256608559692538361571095921575989136588898n + 4n * 10n ** 40n, half, recordsPerShard, 'shardId-000000000000');
  return { shards, malformed, tooOld, expected };
}

/**
 * Fails some DynamoDB requests, picked by their content (not their order, which depends on
 * how the shards interleave), so that every run injects the same faults: the first write of
 * about 1 in 10 items per flush before it is sent, of another 1 in 10 after it is applied,
 * and likewise for progress claims and reads.
 */
function faultPlan(): (command: string, input: any) => Fault {
  const seen = new Set<string>();
  const first = (id: string) => !seen.has(id) && (seen.add(id), true);
  return (command, input) => {
    const key = input.Key ?? input.Item;
    const id = `${command}|${key[L.PARTITION_KEY].S}|${key[L.SORT_KEY].S}|${input.ExpressionAttributeValues?.[':n']?.N ?? ''}`;
    const h = hash(id) % (isProgressRequest(input) ? 5 : 10);
    return first(id) ? (h === 0 ? 'before' : h === 1 ? 'after' : undefined) : undefined;
  };
}

let local: LocalDynamoDB;

beforeAll(async () => {
  local = await startDynalite();
});

afterAll(async () => {
  await local.close();
});

const CHAOS: Partial<SimulatorOptions> = {
  halfOrder: 'random',
  recut: 0.2,
  redeliver: 0.2,
  replay: 0.03,
  finalWithRecords: 0.5,
  terminateEarly: 0.05,
  earlyFlags: 'random',
  loseResponse: 0.05,
  failBeforeInvoke: 0.05,
};

describe.each([
  { name: 'without faults', faults: false, simulator: {}, seed: 7 },
  { name: 'with every freedom Lambda has, and faults in DynamoDB (seed 7)', faults: true, simulator: CHAOS, seed: 7 },
  { name: 'with every freedom Lambda has, and faults in DynamoDB (seed 8)', faults: true, simulator: CHAOS, seed: 8 },
  { name: 'with second halves first and replays after failures (seed 9)', faults: true, simulator: { ...CHAOS, halfOrder: 'second' as const, replay: 0.2 }, seed: 9 },
])('end to end, $name', ({ name, faults, simulator, seed }) => {
  test('the table holds exactly the aggregates of the valid records; each malformed one is in the failure store', async () => {
    const table = `aggregates-${hash(name)}`;
    await createAggregateTable(local.client(), table);
    const client = local.client();
    const stats = injectFaults(client, faults ? faultPlan() : undefined);
    const failures = new MemoryFailureStore();
    const logs: Record<string, unknown>[] = [];
    // A small state, so that it is flushed in parts.
    const handler = ordersHandler(client, table, failures, { maxBatchSize: BATCH, maxStateBytes: 3_000, log: (_, entry) => logs.push(entry) });
    const input = generate(400, 42 + seed);

    const options: SimulatorOptions = { windowSeconds: WINDOW_SECONDS, maxBatchSize: BATCH, seed, tooOld: input.tooOld, ...simulator };
    const report = await new LambdaSimulator(handler, options).run(input.shards);

    // No record lost or counted twice, whatever failed on the way.
    const items = (await scanAll(local.client(), table)).filter(item => !item[L.PARTITION_KEY].S!.startsWith(L.PROGRESS_KEY_PREFIX));
    const actual = new Map(items.map(item => [
      `${item[L.PARTITION_KEY].S}|${item[L.SORT_KEY].S}`,
      ORDERS.measures.map(m => Number(item[m.attribute].N)),
    ]));
    expect(actual).toEqual(input.expected);
    expect(new Set(failures.records.keys())).toEqual(input.malformed);
    expect(failures.aggregates.size).toBe(0);
    // Lambda gave up on nothing but the records too old to read.
    expect(report.onFailureDestination.map(r => r.sequenceNumber).sort()).toEqual([...input.tooOld].sort());
    expect(report.overLimit).toBe(0);

    // The handler flushed states in parts, and kept those Lambda ended early.
    expect(logs.some(l => String(l.message).startsWith('window flushed (state near its limit)'))).toBe(true);
    if (faults) {
      // The freedoms and faults did happen.
      expect(stats.faultsBefore).toBeGreaterThan(0);
      expect(stats.faultsAfter).toBeGreaterThan(0);
      expect(report.lostResponses).toBeGreaterThan(0);
      expect(report.bisections).toBeGreaterThan(0);
      expect(report.replays).toBeGreaterThan(0);
      expect(report.earlyTerminations).toBeGreaterThan(0);
      expect(logs.some(l => String(l.message).startsWith('window state kept for its continuation'))).toBe(true);
      expect(report.finalsWithRecords).toBeGreaterThan(0);
      expect(report.redeliveredRecords).toBeGreaterThan(0);
      expect(report.recuts).toBeGreaterThan(0);
    }
    // A guard against a hang, not a speed check: a loaded 2-core CI machine runs these runs against dynalite slowly.
  }, 600_000);
});
