import { encode, MemoryFailureStore, order } from './fixtures';
import { ordersHandler } from './harness';
import { LambdaSimulator, SimulatorOptions } from './lambda-simulator';
import { createAggregateTable, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';

/**
 * Many small runs, each with its own seed, so that the simulator's choices cover far more
 * interleavings than the large end-to-end runs: 30 records of one shard and window, batches
 * of up to 5, a state flushed every few records, and every freedom taken often. Each record
 * must be counted exactly once.
 */

const SEEDS = 80;
const RECORDS = 30;
const BATCH = 5;

let local: LocalDynamoDB;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local.close();
});

describe.each([
  ['halves in any order', { halfOrder: 'random', recut: 0.3, redeliver: 0.3, replay: 0.1, finalWithRecords: 0.5, terminateEarly: 0.1, loseResponse: 0.1, failBeforeInvoke: 0.1 }],
  ['second halves first, many replays and early ends', { halfOrder: 'second', recut: 0.2, redeliver: 0.3, replay: 0.3, finalWithRecords: 0.3, terminateEarly: 0.2, loseResponse: 0.2 }],
] as [string, Partial<SimulatorOptions>][])('%s', (name, freedoms) => {
  test(`${SEEDS} seeds: every record counted once`, async () => {
    const sequences = Array.from({ length: RECORDS }, (_, i) => (10_000n + BigInt(i)).toString());
    const wrong: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const table = `seeds-${name.length}-${seed}`;
      await createAggregateTable(local.client(), table);
      const client = local.client();
      const handler = ordersHandler(client, table, new MemoryFailureStore(), { maxBatchSize: BATCH, maxStateBytes: 1_500 });
      await new LambdaSimulator(handler, { windowSeconds: 60, maxBatchSize: BATCH, seed, ...freedoms }).run([{
        shardId: 'shardId-000000000000',
        records: sequences.map((sequenceNumber, i) => ({ sequenceNumber, arrivalMs: 0, data: encode(order(i % 3 === 0 ? 'k' : `k${i}`, i)) })),
      }]);
      const items = (await scanAll(client, table)).filter(item => !item[L.PARTITION_KEY].S!.startsWith(L.PROGRESS_KEY_PREFIX));
      const counts = new Map(items.map(item => [item[L.PARTITION_KEY].S!, Number(item.count.N)]));
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      if (total !== RECORDS || counts.get('k') !== RECORDS / 3) {
        wrong.push(`seed ${seed}: ${total} records counted, ${counts.get('k')} for key k`);
      }
    }
    expect(wrong).toEqual([]);
    // A guard against a hang, not a speed check: 80 seeds against dynalite took 161 s on a loaded 2-core CI machine.
  }, 600_000);
});
