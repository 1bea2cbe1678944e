import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { COMPILED_ORDERS, encode, encodeRaw, hash, order, ORDERS, prng, sequenceNumber } from './fixtures';
import { LambdaSimulator, SimulatedShard, SimulatorOptions, StreamRecord } from './lambda-simulator';
import { createAggregateTable, Fault, injectFaults, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';
import { AggregateWriter } from '../../../src/sinks/aggregate/aggregate-writer';
import { createHandler } from '../../../src/sinks/aggregate/handler';
import { WindowAggregator } from '../../../src/sinks/aggregate/window-aggregator';

/**
 * The handler, the writer and a real (local) DynamoDB under a simulation of Lambda's
 * event source mapping, with faults everywhere: the table must hold exactly what the
 * input's valid records add up to, computed here independently of the handler, and the
 * failure destination every malformed record and nothing else. (A handler reporting a
 * malformed record among others as the batch item failure fails this: once the retries
 * from that record ran out, Lambda discards the good records after it in the batch too.)
 */

const WINDOW_SECONDS = 60;
const WINDOWS = 4;
const START_MS = Date.parse('2024-05-01T10:00:00Z');

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
  /** What the table must hold: by `${key}|${windowStart}`, [count, sum, min, max]. */
  readonly expected: Map<string, number[]>;
}

/**
 * Orders of 40 customers over 4 one-minute windows, on 3 shards. Half the customer ids
 * are numbers, and customer 7 comes both as 7 and as '7' (one key). Shard 0's sequence
 * numbers grow from 56 to 57 digits mid-stream.
 */
function generate(recordsPerShard: number, seed: number): Input {
  const random = prng(seed);
  const malformed = new Set<string>();
  const expected = new Map<string, number[]>();
  const shards: SimulatedShard[] = [];
  for (let s = 0; s < 3; s++) {
    const shardId = `shardId-00000000000${s}`;
    const base = s === 0
      ? 10n ** 56n - BigInt(recordsPerShard / 2) * 1000n
      : 49590338271490256608559692538361571095921575989136588898n + BigInt(s) * 10n ** 40n;
    const records: StreamRecord[] = [];
    for (let i = 0; i < recordsPerShard; i++) {
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

      const windowStart = new Date(Math.floor(arrivalMs / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
      const slot = `${String(id)}|${windowStart}`;
      const e = expected.get(slot);
      if (e === undefined) {
        expected.set(slot, [1, amount, amount, amount]);
      } else {
        expected.set(slot, [e[0] + 1, e[1] + amount, Math.min(e[2], amount), Math.max(e[3], amount)]);
      }
    }
    shards.push({ shardId, records });
  }
  return { shards, malformed, expected };
}

/**
 * Fails some DynamoDB requests, picked by their content (not their order, which depends
 * on how the shards interleave), so that every run injects the same faults: the first
 * PutItem of about 1 in 10 (key, window, segment) before it is sent, of another 1 in 10
 * after it is applied, and the first GetItem of about 1 in 30 (key, window).
 */
function faultPlan(): (command: string, input: any) => Fault {
  const seen = new Map<string, number>();
  const first = (id: string) => {
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0;
  };
  return (command, input) => {
    if (command === 'PutItemCommand') {
      const segments: string[] = input.Item[L.SEGMENTS].SS;
      const id = `${input.Item[L.PARTITION_KEY].S}|${input.Item[L.SORT_KEY].S}|${segments[segments.length - 1]}`;
      const h = hash(id) % 10;
      return first(id) ? (h === 0 ? 'before' : h === 1 ? 'after' : undefined) : undefined;
    }
    if (command === 'GetItemCommand') {
      const id = `${input.Key[L.PARTITION_KEY].S}|${input.Key[L.SORT_KEY].S}`;
      return first(id) && hash(id) % 30 === 0 ? 'before' : undefined;
    }
    return undefined;
  };
}

let local: LocalDynamoDB;
let admin: DynamoDBClient;

beforeAll(async () => {
  local = await startDynalite();
  admin = local.client();
});

afterAll(async () => {
  await local.close();
});

const LAMBDA: Omit<SimulatorOptions, 'seed'> = {
  windowSeconds: WINDOW_SECONDS,
  maxBatchSize: 25,
  // Small, so that windows end early and shards flush several segments per window.
  stateLimitBytes: 800,
  maxRetryAttempts: 2,
};

describe.each([
  { name: 'without faults', faults: false, simulator: {} },
  {
    name: 'with faults in DynamoDB requests, invocations and delivery',
    faults: true,
    simulator: { failBeforeInvoke: 0.05, failAfterInvoke: 0.05, redeliver: 0.2 },
  },
])('end to end, $name', ({ faults, simulator }) => {
  test('the table holds exactly the aggregates of the valid records; each malformed one, and only it, is set aside', async () => {
    const table = `aggregates-${faults ? 'faults' : 'clean'}`;
    await createAggregateTable(admin, table);
    const client = local.client();
    const stats = injectFaults(client, faults ? faultPlan() : () => undefined);
    const warnings: Record<string, unknown>[] = [];
    const handler = createHandler(
      new WindowAggregator(COMPILED_ORDERS),
      new AggregateWriter(client, table, COMPILED_ORDERS),
      (level, entry) => level === 'warn' && warnings.push(entry),
    );
    const input = generate(450, 42);

    const report = await new LambdaSimulator(handler, { ...LAMBDA, ...simulator, seed: 7 }).run(input.shards);

    // No record lost or counted twice, whatever failed on the way.
    const items = await scanAll(admin, table);
    const actual = new Map(items.map(item => [
      `${item[L.PARTITION_KEY].S}|${item[L.SORT_KEY].S}`,
      ORDERS.measures.map(m => Number(item[m.attribute].N)),
    ]));
    expect(actual).toEqual(input.expected);
    for (const item of items) {
      const windowEnd = Date.parse(item[L.SORT_KEY].S!) + WINDOW_SECONDS * 1000;
      expect(item[L.WINDOW_END].S).toBe(new Date(windowEnd).toISOString().replace('.000Z', 'Z'));
      expect(Number(item[L.EXPIRES_AT].N)).toBe(windowEnd / 1000 + ORDERS.expireAfterSeconds);
      expect(Number(item[L.VERSION].N)).toBe(item[L.SEGMENTS].SS!.length);
    }

    // Every malformed record, and nothing else, ends in the failure destination, once: no good
    // record is discarded with it. It was isolated by bisecting its batches, then reported alone.
    const refs = (list: { shardId: string; sequenceNumber: string }[]) => list.map(r => `${r.shardId}:${r.sequenceNumber}`);
    expect(refs(report.onFailureDestination).sort()).toEqual([...input.malformed].sort());
    expect(new Set(refs(report.reportedFailures))).toEqual(input.malformed);
    expect(report.bisections).toBeGreaterThan(0);
    expect(report.errorMessages.filter(m => m.includes('so that Lambda bisects it')).length).toBeGreaterThan(0);
    // Logged too (also by invocations whose response was then lost), alone in its batch at last.
    expect(new Set(warnings.map(w => `${w.shardId}:${w.sequenceNumber}`))).toEqual(input.malformed);
    expect(new Set(warnings.filter(w => w.bisect === false).map(w => `${w.shardId}:${w.sequenceNumber}`))).toEqual(input.malformed);
    expect(report.missingState).toBe(0);

    // One write per key per window segment: the writes DynamoDB applied are the keys of the
    // segments flushed, and each left its marker on the item.
    const segmentKeys = report.completedFinals.reduce((n, f) => n + Object.keys((f.state.k ?? {}) as object).length, 0);
    expect(stats.appliedPuts).toBe(segmentKeys);
    expect(items.reduce((n, item) => n + item[L.SEGMENTS].SS!.length, 0)).toBe(segmentKeys);
    // Fewer writes than records: a key's records in a segment make one write.
    const validRecords = [...input.expected.values()].reduce((n, e) => n + e[0], 0);
    expect(segmentKeys).toBeLessThan(validRecords * 0.8);

    // The faults did happen, windows were ended early, and shards raced for the same items.
    expect(report.earlyTerminations).toBeGreaterThan(0);
    expect(stats.conditionalFailures).toBeGreaterThan(0);
    expect(new Set(report.completedFinals.map(f => `${f.shardId}|${f.windowStart}`)).size).toBeLessThan(report.completedFinals.length);
    if (faults) {
      expect(stats.faultsBefore).toBeGreaterThan(0);
      expect(stats.faultsAfter).toBeGreaterThan(0);
      expect(report.functionErrors).toBeGreaterThan(0);
      expect(report.injectedBeforeInvoke).toBeGreaterThan(0);
      expect(report.injectedAfterInvoke).toBeGreaterThan(0);
      expect(report.redeliveredRecords).toBeGreaterThan(0);
    }
  }, 15_000);
});
