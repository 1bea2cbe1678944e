import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { COMPILED_ORDERS, encode, encodeRaw, order, roundTrip, sequenceNumber, WINDOW, windowEvent } from './fixtures';
import { createAggregateTable, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { AggregateWriter } from '../../../src/sinks/aggregate/aggregate-writer';
import { createHandler, InvocationContext, LogSink, MalformedBatchError, SegmentWriter } from '../../../src/sinks/aggregate/handler';
import { WindowAggregator } from '../../../src/sinks/aggregate/window-aggregator';

const s = (n: number) => sequenceNumber(n);
const SHARD = 'shardId-000000000000';

/** A context reporting `remainingMs` left, as at the start of an invocation. */
function contextWith(remainingMs: number): InvocationContext {
  return { getRemainingTimeInMillis: () => remainingMs };
}

/** A handler with a stand-in writer and a log kept in memory. */
function setup(flush: SegmentWriter['flush'] = async () => ({ merged: 0, alreadyMerged: 0, conflicts: 0, retried: 0 }), safetyMarginMs?: number) {
  const logs: { level: string; entry: Record<string, unknown> }[] = [];
  const log: LogSink = (level, entry) => logs.push({ level, entry });
  const writer = { flush: jest.fn(flush) };
  const handler = createHandler(new WindowAggregator(COMPILED_ORDERS), writer, log, { safetyMarginMs });
  return { handler, writer, logs };
}

describe('a malformed record', () => {
  test('among others: the invocation fails, saying why, for Lambda to bisect the batch; a warning says so', async () => {
    const { handler, writer, logs } = setup();
    const event = windowEvent([[s(1), encode(order('a', 1))], [s(2), encodeRaw('{')], [s(3), encode(order('a', 2))]], { final: true });
    const failure = handler(event, contextWith(60_000));
    await expect(failure).rejects.toThrow(MalformedBatchError);
    await expect(failure).rejects.toThrow(`malformed record ${s(2)} (not valid JSON) in a batch of 3: failing the batch so that Lambda bisects it`);
    expect(logs).toEqual([{
      level: 'warn',
      entry: {
        message: 'malformed record: failing the batch so that Lambda bisects it',
        shardId: SHARD,
        sequenceNumber: s(2),
        reason: 'not valid JSON',
        batchSize: 3,
        bisect: true,
        windowStart: WINDOW.start,
      },
    }]);
    // Not even a final invocation flushes a batch that fails.
    expect(writer.flush).not.toHaveBeenCalled();
  });

  test('alone in its batch: the batch item failure, with the state it was given; a warning says so', async () => {
    const { handler, logs } = setup();
    const state = { first: s(1), last: s(1), k: { a: [1, 1, 1, 1] } };
    const response = await handler(windowEvent([[s(2), encode({ amount: 1 })]], { state: roundTrip(state) }), contextWith(60_000));
    expect(response).toEqual({ state, batchItemFailures: [{ itemIdentifier: s(2) }] });
    expect(logs).toEqual([{
      level: 'warn',
      entry: expect.objectContaining({
        message: 'malformed record alone in its batch: reported as the batch item failure',
        sequenceNumber: s(2),
        reason: 'key missing at customer.id',
        batchSize: 1,
        bisect: false,
      }),
    }]);
  });
});

describe('the final invocation', () => {
  const state = { first: s(1), last: s(2), k: { a: [2, 3, 1, 2], 7: [1, 5, 5, 5] } };
  const final = () => windowEvent([], { state: roundTrip(state), final: true });

  test('flushes with a deadline of the remaining time less the safety margin, and logs what it did', async () => {
    const { handler, writer, logs } = setup();
    const before = Date.now();
    expect(await handler(final(), contextWith(300_000))).toEqual({ state: {}, batchItemFailures: [] });
    const deadline = writer.flush.mock.calls[0][1];
    expect(deadline).toBeGreaterThanOrEqual(before + 290_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 290_000);
    expect(logs).toEqual([{
      level: 'info',
      entry: { message: 'window segment flushed', shardId: SHARD, windowStart: WINDOW.start, segment: `${SHARD}:${s(1)}`, keys: 2, merged: 0, alreadyMerged: 0, conflicts: 0, retried: 0 },
    }]);
  });

  test('keeps back at most half the remaining time, so that a short timeout still leaves time to retry', async () => {
    const { handler, writer } = setup(undefined, 10_000);
    const before = Date.now();
    await handler(final(), contextWith(6_000));
    expect(writer.flush.mock.calls[0][1]).toBeGreaterThanOrEqual(before + 3_000);
    expect(writer.flush.mock.calls[0][1]).toBeLessThanOrEqual(Date.now() + 3_000);
  });

  test('a failed flush logs the whole segment, on one line, then fails the invocation with the writer\'s error', async () => {
    const error = new Error('flush failed');
    const { handler, logs } = setup(async () => {
      throw error;
    });
    await expect(handler(final(), contextWith(60_000))).rejects.toBe(error);
    expect(logs).toEqual([{
      level: 'error',
      entry: expect.objectContaining({
        shardId: SHARD,
        windowStart: WINDOW.start,
        windowEnd: WINDOW.end,
        segment: `${SHARD}:${s(1)}`,
        keys: 2,
        part: 1,
        parts: 1,
        error: 'Error: flush failed',
        measures: COMPILED_ORDERS.measures.map(m => ({ attribute: m.attribute, kind: m.kind })),
        values: { a: [2, 3, 1, 2], 7: [1, 5, 5, 5] },
      }),
    }]);
  });
});

describe('with the real writer, against a table that keeps throttling', () => {
  let local: LocalDynamoDB;
  let client: DynamoDBClient;

  beforeAll(async () => {
    local = await startDynalite();
    client = local.client();
    await createAggregateTable(client, 'throttled');
  });

  afterAll(async () => {
    await local.close();
  });

  test('the flush retries until the deadline the context leaves, then logs the segment and fails', async () => {
    let throttled = 0;
    // Key 'b' is always throttled; 'a' goes through.
    client.middlewareStack.add(next => async args => {
      const input = args.input as any;
      if ((input.Key ?? input.Item)?.key?.S === 'b') {
        throttled++;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    }, { step: 'initialize', name: 'throttle', priority: 'high' });
    const logs: { level: string; entry: Record<string, unknown> }[] = [];
    const writer = new AggregateWriter(client, 'throttled', COMPILED_ORDERS, { errorBackoff: { baseMs: 5, capMs: 20 } });
    const log: LogSink = (level, entry) => logs.push({ level, entry });
    const handler = createHandler(new WindowAggregator(COMPILED_ORDERS), writer, log, { safetyMarginMs: 300 });
    const state = { first: s(1), last: s(3), k: { a: [2, 3, 1, 2], b: [1, 7, 7, 7] } };

    // 800 ms left, 300 kept back: the writer retries for 500 ms, then the segment is logged before the timeout.
    const start = Date.now();
    await expect(handler(windowEvent([], { state, final: true }), contextWith(800)))
      .rejects.toThrow(/segment shardId-000000000000:\d+ failed \(1 of 2 keys merged\): .*gave up on item \(b, .*\) at the flush's deadline, after 0 conflicts and \d+ retryable errors in a row: ThrottlingException/);
    const elapsed = Date.now() - start;
    // It stops once the next pause (at most 20 ms here) would end past the deadline.
    expect(elapsed).toBeGreaterThanOrEqual(470);
    expect(elapsed).toBeLessThan(800);
    expect(throttled).toBeGreaterThan(5);

    expect(logs).toHaveLength(1);
    expect(logs[0].level).toBe('error');
    expect(logs[0].entry).toMatchObject({ segment: `${SHARD}:${s(1)}`, windowStart: WINDOW.start, values: { a: [2, 3, 1, 2], b: [1, 7, 7, 7] } });
    expect((await scanAll(client, 'throttled')).map(item => item.key.S)).toEqual(['a']);
  });
});
