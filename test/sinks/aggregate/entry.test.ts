import type { KinesisStreamStateResponse } from 'aws-lambda';
import { encode, encodeRaw, order, ORDERS, roundTrip, sequenceNumber, WINDOW, windowEvent } from './fixtures';
import { createAggregateTable, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { AGGREGATE_CONFIG_ENV, AGGREGATE_TABLE_ENV } from '../../../src/sinks/aggregate/aggregate-config';
import { InvocationContext } from '../../../src/sinks/aggregate/handler';
import { TumblingWindowEvent } from '../../../src/sinks/aggregate/window-aggregator';

/** The shipped entry, as Lambda loads it: configured by its environment only. */

type Handler = (event: TumblingWindowEvent, context: InvocationContext) => Promise<KinesisStreamStateResponse>;

/** Lambda's context, as far as the handler reads it: five minutes left. */
const context: InvocationContext = { getRemainingTimeInMillis: () => 300_000 };

let local: LocalDynamoDB;
const saved = { ...process.env };

beforeAll(async () => {
  local = await startDynalite();
  await createAggregateTable(local.client(), 'entry-aggregates');
});

afterAll(async () => {
  await local.close();
});

afterEach(() => {
  process.env = { ...saved };
});

function loadEntry(env: Record<string, string>): Handler {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
    ...env,
  });
  let handler: Handler | undefined;
  // A fresh module registry: the entry reads its environment once, when first loaded.
  // (ts-jest emits CommonJS; a dynamic import() would need Node's VM modules.)
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require('../../../src/sinks/aggregate.lambda') as { handler: Handler }).handler;
  });
  return handler!;
}

const ENV = { [AGGREGATE_TABLE_ENV]: 'entry-aggregates', [AGGREGATE_CONFIG_ENV]: JSON.stringify(ORDERS) };

test('reads its table and config from the environment, aggregates, and writes one item per key on the final invocation', async () => {
  const handler = loadEntry(ENV);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const s = (n: number) => sequenceNumber(n);
    const batch: [string, string][] = [[s(1), encode(order('a', 1))], [s(2), encode(order(9, 4))], [s(3), encodeRaw('{')]];
    // A malformed record among others fails the batch, for Lambda to bisect it...
    await expect(handler(windowEvent(batch), context)).rejects.toThrow(`malformed record ${s(3)} (not valid JSON) in a batch of 3`);
    expect(JSON.parse(warn.mock.calls[0][0])).toMatchObject({ sequenceNumber: s(3), reason: 'not valid JSON', bisect: true });
    // ...whose halves are retried with the state as it was: alone, it is the batch item failure.
    const first = await handler(windowEvent(batch.slice(0, 2)), context);
    const alone = await handler(windowEvent(batch.slice(2), { state: roundTrip(first.state) }), context);
    expect(alone).toEqual({ state: first.state, batchItemFailures: [{ itemIdentifier: s(3) }] });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(JSON.parse(warn.mock.calls[1][0])).toMatchObject({ sequenceNumber: s(3), reason: 'not valid JSON', bisect: false });

    const second = await handler(windowEvent([[s(4), encode(order('a', 3))]], { state: roundTrip(alone.state) }), context);
    const final = await handler(windowEvent([], { state: roundTrip(second.state), final: true }), context);
    expect(final).toEqual({ state: {}, batchItemFailures: [] });
    expect(JSON.parse(log.mock.calls[0][0])).toMatchObject({ message: 'window segment flushed', keys: 2, merged: 2 });

    const items = await scanAll(local.client(), 'entry-aggregates');
    expect(items.map(i => [i.key.S, i.windowStart.S, i.count.N, i.sum_amount.N, i.min_amount.N, i.max_amount.N]).sort()).toEqual([
      ['9', WINDOW.start, '1', '4', '4', '4'],
      ['a', WINDOW.start, '2', '4', '1', '3'],
    ]);
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
});

test.each([
  ['the table name', { [AGGREGATE_CONFIG_ENV]: ENV[AGGREGATE_CONFIG_ENV] }, /AGGREGATE_TABLE_NAME environment variable is not set/],
  ['the config', { [AGGREGATE_TABLE_ENV]: 'entry-aggregates' }, /AGGREGATE_CONFIG environment variable is not set/],
  ['a valid config', { ...ENV, [AGGREGATE_CONFIG_ENV]: JSON.stringify({ ...ORDERS, keyPath: [] }) }, /keyPath must be a non-empty array/],
])('fails at cold start without %s', (_, env, message) => {
  delete process.env[AGGREGATE_TABLE_ENV];
  delete process.env[AGGREGATE_CONFIG_ENV];
  expect(() => loadEntry(env)).toThrow(message);
});
