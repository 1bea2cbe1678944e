import { AddressInfo, createServer, Socket } from 'net';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { COMPILED_ORDERS, ORDERS, WINDOW } from './fixtures';
import { createAggregateTable, Fault, injectFaults, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';
import { AggregateWriter } from '../../../src/sinks/aggregate/aggregate-writer';
import { Backoff } from '../../../src/sinks/aggregate/retry-policy';
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

/** Backoff for tests that retry many times: the policy, without the wait. */
const FAST: Backoff = { baseMs: 1, capMs: 2 };

describe('AggregateWriter', () => {
  test('a new key: one item with exactly the layout\'s attributes and the measures', async () => {
    const { table, writer, stats } = await setup();
    expect(await writer.flush(flushOf('shard-0:100', { a: [3, 12, 1, 8] }))).toEqual({ merged: 1, alreadyMerged: 0, conflicts: 0, retried: 0 });
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
    expect(await writer.flush(flush)).toEqual({ merged: 0, alreadyMerged: 2, conflicts: 0, retried: 0 });
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
    expect(result).toEqual({ merged: 1, alreadyMerged: 0, conflicts: 1, retried: 0 });
    expect((await items(table)).a).toMatchObject({ count: 11, sum_amount: 105, min_amount: -1, max_amount: 50, version: 2, segments: ['shard-0:1', 'shard-1:5'] });
    expect(stats.conditionalFailures).toBe(1);
  });

  /** Another writer bumps the item's version between every read and write, `times` times (forever by default). */
  function bumpBeforeEveryWrite(client: DynamoDBClient, table: string, times = Infinity): () => number {
    let n = 0;
    client.middlewareStack.add(next => async args => {
      if ((args.input as any).Item !== undefined && n < times) {
        await admin.send(new PutItemCommand({ TableName: table, Item: { key: { S: 'a' }, windowStart: { S: WINDOW.start }, version: { N: String(++n) } } }));
      }
      return next(args);
    }, { step: 'initialize', name: 'bump', priority: 'low' });
    return () => n;
  }

  test('an item that changes under many attempts in a row (more than the 20 it used to allow) is merged at last', async () => {
    const { table, client, writer } = await setup(() => undefined, { conflictBackoff: FAST });
    const bumps = bumpBeforeEveryWrite(client, table, 30);
    expect(await writer.flush(flushOf('shard-0:1', { a: [2, 7, 3, 4] }))).toEqual({ merged: 1, alreadyMerged: 0, conflicts: 30, retried: 0 });
    expect(bumps()).toBe(30);
    expect((await items(table)).a).toMatchObject({ count: 2, sum_amount: 7, version: 31, segments: ['shard-0:1'] });
  });

  test('an item that never stops changing: gives up at the deadline, not before', async () => {
    const { table, client, writer } = await setup(() => undefined, { conflictBackoff: FAST });
    bumpBeforeEveryWrite(client, table);
    const start = Date.now();
    await expect(writer.flush(flushOf('shard-0:1', { a: [1, 1, 1, 1] }), start + 300))
      .rejects.toThrow(/gave up on item \(a, 2024-05-01T10:00:00Z\) at the flush's deadline, after \d+ conflicts and 0 retryable errors in a row: ConditionalCheckFailedException/);
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    expect(Date.now() - start).toBeLessThan(2_000);
  });

  /** Fails the first `times` requests for key `b` with `error`, above the SDK's own retries. */
  function failKeyB(client: DynamoDBClient, times: number, error: () => Error): { failed: number } {
    const counter = { failed: 0 };
    client.middlewareStack.add(next => async args => {
      const input = args.input as any;
      if ((input.Key ?? input.Item)?.key?.S === 'b' && counter.failed < times) {
        counter.failed++;
        throw error();
      }
      return next(args);
    }, { step: 'initialize', name: 'failKeyB', priority: 'high' });
    return counter;
  }

  const errors: [string, () => Error][] = [
    ['throttling', () => Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' })],
    ['a 5xx', () => Object.assign(new Error('oops'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } })],
    ['a 503 of unknown name', () => Object.assign(new Error('unavailable'), { name: 'Whatever', $metadata: { httpStatusCode: 503 } })],
    ['a connection reset', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ];

  test.each(errors)('%s, many times in a row: retried with backoff until it passes', async (_, error) => {
    const { table, client, writer } = await setup(() => undefined, { errorBackoff: FAST, concurrency: 1 });
    const counter = failKeyB(client, 25, error);
    expect(await writer.flush(flushOf('shard-0:1', { a: [1, 1, 1, 1], b: [1, 2, 2, 2], c: [1, 3, 3, 3] })))
      .toEqual({ merged: 3, alreadyMerged: 0, conflicts: 0, retried: 25 });
    expect(counter.failed).toBe(25);
    expect((await items(table)).b).toMatchObject({ count: 1, sum_amount: 2, version: 1 });
  });

  test('throttling that lasts: gives up at the deadline, with the last error', async () => {
    const { client, writer } = await setup(() => undefined, { errorBackoff: FAST });
    failKeyB(client, Infinity, errors[0][1]);
    const start = Date.now();
    await expect(writer.flush(flushOf('shard-0:1', { b: [1, 1, 1, 1] }), start + 250))
      .rejects.toThrow(/gave up on item \(b, .*\) at the flush's deadline, after 0 conflicts and \d+ retryable errors in a row: ProvisionedThroughputExceededException/);
    expect(Date.now() - start).toBeGreaterThanOrEqual(240);
  });

  test('a request still in flight at the deadline is aborted: the flush fails then, not at the function\'s timeout', async () => {
    // A server that accepts connections and never answers.
    const sockets: Socket[] = [];
    const server = createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const writer = new AggregateWriter(client, 'nowhere', COMPILED_ORDERS);
      const start = Date.now();
      await expect(writer.flush(flushOf('shard-0:1', { a: [1, 1, 1, 1] }), start + 300)).rejects.toThrow(/at the flush's deadline/);
      expect(Date.now() - start).toBeLessThan(2_000);
    } finally {
      client.destroy();
      sockets.forEach(socket => socket.destroy());
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  });

  test.each([
    ['ValidationException', { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }],
    ['AccessDeniedException', { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }],
    ['ResourceNotFoundException', { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }],
  ])('%s is not retried: the flush fails at once', async (name, fields) => {
    const { client, writer } = await setup(() => undefined, { errorBackoff: { baseMs: 10_000, capMs: 10_000 } });
    const counter = failKeyB(client, Infinity, () => Object.assign(new Error('no'), fields));
    const start = Date.now();
    await expect(writer.flush(flushOf('shard-0:1', { b: [1, 1, 1, 1] }), start + 60_000)).rejects.toThrow(new RegExp(`failed \\(0 of 1 keys merged\\): ${name}`));
    expect(counter.failed).toBe(1);
    expect(Date.now() - start).toBeLessThan(1_000);
  });

  test('once a key failed, the others stop retrying', async () => {
    const { client, writer } = await setup(() => undefined, { errorBackoff: { baseMs: 50, capMs: 50 }, concurrency: 2 });
    let throttled = 0;
    client.middlewareStack.add(next => async args => {
      const key = ((args.input as any).Key ?? (args.input as any).Item)?.key?.S;
      if (key === 'a') {
        throttled++;
        throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
      }
      if (key === 'b') {
        await new Promise(resolve => setTimeout(resolve, 20));
        throw Object.assign(new Error('bad'), { name: 'ValidationException' });
      }
      return next(args);
    }, { step: 'initialize', name: 'mixed', priority: 'high' });
    const start = Date.now();
    await expect(writer.flush(flushOf('shard-0:1', { a: [1, 1, 1, 1], b: [1, 1, 1, 1] }), start + 60_000)).rejects.toThrow(/ValidationException/);
    expect(Date.now() - start).toBeLessThan(1_000);
    expect(throttled).toBeLessThan(10);
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
