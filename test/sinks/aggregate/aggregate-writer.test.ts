import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { COMPILED_ORDERS, ORDERS, WINDOW } from './fixtures';
import { createAggregateTable, Fault, injectFaults, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';
import { AggregateWriter } from '../../../src/sinks/aggregate/aggregate-writer';
import { WindowFlush } from '../../../src/sinks/aggregate/window-aggregator';
import { KeyAggregate } from '../../../src/sinks/aggregate/window-state';

let local: LocalDynamoDB;
let admin: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  local = await startDynalite();
  admin = local.client();
});

afterAll(async () => {
  await local.close();
});

/** A fresh table, a client with the given fault plan, and a writer on it. */
async function setup(plan: (command: string, input: any) => Fault = () => undefined, options = {}) {
  const table = `aggregates-${++tables}`;
  await createAggregateTable(admin, table);
  const client = local.client();
  const stats = injectFaults(client, plan);
  return { table, client, stats, writer: new AggregateWriter(client, table, COMPILED_ORDERS, options) };
}

function flushOf(marker: string, aggregates: Record<string, KeyAggregate>): WindowFlush {
  return { windowStart: WINDOW.start, windowEnd: WINDOW.end, marker, aggregates, keyCount: Object.keys(aggregates).length };
}

async function items(table: string): Promise<Record<string, Record<string, unknown>>> {
  const byKey: Record<string, Record<string, unknown>> = {};
  for (const item of await scanAll(admin, table)) {
    const plain = Object.entries(item).map(([name, v]) => [name, v.S ?? (v.N !== undefined ? Number(v.N) : [...v.SS!].sort())]);
    byKey[item[L.PARTITION_KEY].S!] = Object.fromEntries(plain);
  }
  return byKey;
}

const windowEndSeconds = Date.parse(WINDOW.end) / 1000;

describe('AggregateWriter', () => {
  test('a new key: one item with exactly the layout\'s attributes and the measures', async () => {
    const { table, writer, stats } = await setup();
    expect(await writer.flush(flushOf('shard-0:100', { a: [3, 12, 1, 8] }))).toEqual({ merged: 1, alreadyMerged: 0, conflicts: 0 });
    expect(await items(table)).toEqual({
      a: {
        key: 'a',
        windowStart: WINDOW.start,
        windowEnd: WINDOW.end,
        expiresAt: windowEndSeconds + ORDERS.expireAfterSeconds,
        segments: ['shard-0:100'],
        version: 1,
        count: 3,
        sum_amount: 12,
        min_amount: 1,
        max_amount: 8,
      },
    });
    expect(stats.appliedPuts).toBe(1);
  });

  test('segments of other shards, or later segments, merge into the same item', async () => {
    const { table, writer } = await setup();
    await writer.flush(flushOf('shard-0:100', { a: [3, 12, 1, 8], b: [1, -5, -5, -5] }));
    await writer.flush(flushOf('shard-1:7', { a: [2, 20, 0.5, 19.5] }));
    await writer.flush(flushOf('shard-0:900', { b: [2, 10, 2, 8] }));
    const result = await items(table);
    expect(result.a).toMatchObject({ count: 5, sum_amount: 32, min_amount: 0.5, max_amount: 19.5, version: 2, segments: ['shard-0:100', 'shard-1:7'] });
    expect(result.b).toMatchObject({ count: 3, sum_amount: 5, min_amount: -5, max_amount: 8, version: 2, segments: ['shard-0:100', 'shard-0:900'] });
  });

  test('flushing the same segment again writes nothing', async () => {
    const { table, writer, stats } = await setup();
    const flush = flushOf('shard-0:100', { a: [1, 1, 1, 1], b: [1, 2, 2, 2] });
    await writer.flush(flush);
    const before = await items(table);
    expect(await writer.flush(flush)).toEqual({ merged: 0, alreadyMerged: 2, conflicts: 0 });
    expect(await items(table)).toEqual(before);
    expect(stats.appliedPuts).toBe(2);
  });

  test.each(['before', 'after'] as const)('a PutItem failing %s it is applied: the flush throws, its retry completes it exactly once', async when => {
    let failed = false;
    const { table, writer, stats } = await setup((command, input) => {
      if (command === 'PutItemCommand' && input.Item.key.S === 'b' && !failed) {
        failed = true;
        return when;
      }
      return undefined;
    }, { concurrency: 1 });
    const flush = flushOf('shard-0:100', { a: [1, 1, 1, 1], b: [2, 5, 2, 3], c: [1, 4, 4, 4] });
    await expect(writer.flush(flush)).rejects.toThrow(/segment shard-0:100 failed \(\d of 3 keys merged\): InjectedFault/);
    const retry = await writer.flush(flush);
    expect(retry.merged + retry.alreadyMerged).toBe(3);
    expect(retry.alreadyMerged).toBe(when === 'after' ? 2 : 1);
    expect(await items(table)).toMatchObject({
      a: { count: 1, version: 1 }, b: { count: 2, sum_amount: 5, version: 1, segments: ['shard-0:100'] }, c: { count: 1, version: 1 },
    });
    expect(stats.appliedPuts).toBe(3);
  });

  test('after a failure it starts no more keys', async () => {
    const { writer, stats } = await setup((command, input) => (command === 'GetItemCommand' && input.Key.key.S === 'k2' ? 'before' : undefined), { concurrency: 1 });
    const aggregates = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, [1, 1, 1, 1]]));
    await expect(writer.flush(flushOf('shard-0:1', aggregates))).rejects.toThrow(/\(2 of 10 keys merged\)/);
    expect(stats.appliedPuts).toBe(2);
  });

  test('a competing write between read and write: the condition fails, it reads again and merges both', async () => {
    const { table, client, writer, stats } = await setup();
    let raced = false;
    // Just before the writer's PutItem, another shard merges its segment into the same item.
    client.middlewareStack.add(next => async args => {
      const input = args.input as any;
      if (input.Item !== undefined && !raced) {
        raced = true;
        await new AggregateWriter(admin, table, COMPILED_ORDERS).flush(flushOf('shard-1:5', { [input.Item.key.S]: [10, 100, -1, 50] }));
      }
      return next(args);
    }, { step: 'initialize', name: 'race' });

    const result = await writer.flush(flushOf('shard-0:1', { a: [1, 5, 5, 5] }));
    expect(result).toEqual({ merged: 1, alreadyMerged: 0, conflicts: 1 });
    expect((await items(table)).a).toMatchObject({ count: 11, sum_amount: 105, min_amount: -1, max_amount: 50, version: 2, segments: ['shard-0:1', 'shard-1:5'] });
    expect(stats.conditionalFailures).toBe(1);
  });

  test('gives up on an item that keeps changing, after maxAttempts', async () => {
    const { table, client, writer } = await setup(() => undefined, { maxAttempts: 3 });
    let n = 0;
    // Another writer bumps the version between every read and write.
    client.middlewareStack.add(next => async args => {
      if ((args.input as any).Item !== undefined) {
        await admin.send(new PutItemCommand({ TableName: table, Item: { key: { S: 'a' }, windowStart: { S: WINDOW.start }, version: { N: String(++n) } } }));
      }
      return next(args);
    }, { step: 'initialize', name: 'bump', priority: 'low' });
    await expect(writer.flush(flushOf('shard-0:1', { a: [1, 1, 1, 1] }))).rejects.toThrow(/changed under 3 attempts/);
    expect(n).toBe(3);
  });

  test('keeps at most `concurrency` keys in flight', async () => {
    const { client, writer } = await setup(() => undefined, { concurrency: 4 });
    let inFlight = 0;
    let most = 0;
    client.middlewareStack.add(next => async args => {
      most = Math.max(most, ++inFlight);
      try {
        return await next(args);
      } finally {
        inFlight--;
      }
    }, { step: 'initialize', name: 'inFlight' });
    const aggregates = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, [1, 1, 1, 1]]));
    expect((await writer.flush(flushOf('shard-0:1', aggregates))).merged).toBe(40);
    expect(most).toBe(4);
  });

  test('keeps attributes it does not know, and the reads are consistent', async () => {
    const { table, client, writer } = await setup();
    const reads: boolean[] = [];
    client.middlewareStack.add(next => async args => {
      const input = args.input as any;
      if (input.ConsistentRead !== undefined) {
        reads.push(input.ConsistentRead);
      }
      return next(args);
    }, { step: 'initialize', name: 'reads' });
    await writer.flush(flushOf('shard-0:1', { a: [1, 1, 1, 1] }));
    await admin.send(new PutItemCommand({
      TableName: table,
      Item: { ...(await admin.send(new GetItemCommand({ TableName: table, Key: { key: { S: 'a' }, windowStart: { S: WINDOW.start } } }))).Item, note: { S: 'kept' } },
    }));
    await writer.flush(flushOf('shard-0:2', { a: [1, 1, 1, 1] }));
    expect((await items(table)).a).toMatchObject({ note: 'kept', count: 2 });
    expect(reads).toEqual([true, true]);
  });
});
