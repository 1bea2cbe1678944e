import type { KinesisStreamStateResponse } from 'aws-lambda';
import { encode, encodeRaw, order, ORDERS, roundTrip, sequenceNumber, WINDOW, windowEvent } from './fixtures';
import { createAggregateTable, LocalDynamoDB, scanAll, startDynalite } from './local-dynamodb';
import { LocalS3, startS3rver } from './local-s3';
import { AGGREGATE_CONFIG_ENV, AGGREGATE_FAILURE_BUCKET_ENV, AGGREGATE_TABLE_ENV } from '../../../src/sinks/aggregate/aggregate-config';
import { InvocationContext } from '../../../src/sinks/aggregate/handler';
import { TumblingWindowEvent } from '../../../src/sinks/aggregate/window-aggregator';

/** The shipped entry, as Lambda loads it: configured by its environment only, on dynalite and s3rver. */

type Handler = (event: TumblingWindowEvent, context: InvocationContext) => Promise<KinesisStreamStateResponse>;

/** Lambda's context, as far as the handler reads it: five minutes left. */
const context: InvocationContext = { getRemainingTimeInMillis: () => 300_000 };
const BUCKET = 'entry-failures';

let local: LocalDynamoDB;
let s3: LocalS3;
const saved = { ...process.env };

beforeAll(async () => {
  local = await startDynalite();
  s3 = await startS3rver();
  await createAggregateTable(local.client(), 'entry-aggregates');
  await s3.createBucket(BUCKET);
});

afterAll(async () => {
  await local.close();
  await s3.close();
});

afterEach(() => {
  process.env = { ...saved };
});

function loadEntry(env: Record<string, string>): Handler {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    // s3rver checks signatures made with its own keys; dynalite takes any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: 'spend-per-customer',
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

const ENV = {
  [AGGREGATE_TABLE_ENV]: 'entry-aggregates',
  [AGGREGATE_FAILURE_BUCKET_ENV]: BUCKET,
  [AGGREGATE_CONFIG_ENV]: JSON.stringify(ORDERS),
};

test('reads its table, bucket and config from the environment; aggregates, sets aside, and merges at the window\'s end', async () => {
  const handler = loadEntry(ENV);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const s = (n: number) => sequenceNumber(n);
    const batch: [string, string][] = [[s(1), encode(order('a', 1))], [s(2), encode(order(9, 4))], [s(3), encodeRaw('{')]];
    const first = await handler(windowEvent(batch), context);
    expect(JSON.parse(warn.mock.calls[0][0])).toMatchObject({ message: 'record set aside in the failure store', sequenceNumber: s(3), reason: 'not valid JSON' });
    // The record, whole, in the bucket; the metric in the log line.
    const [key] = await s3.listKeys(BUCKET);
    expect(key).toMatch(new RegExp(`^aggregate-failures/records/shardId-000000000000/${WINDOW.start}/${s(3)}-1-[0-9a-f]{16}\\.jsonl$`));
    expect(JSON.parse(await s3.getText(BUCKET, key))).toMatchObject({ sequenceNumber: s(3), data: batch[2][1], reason: 'not valid JSON' });
    expect(JSON.parse(log.mock.calls[0][0])).toMatchObject({ FunctionName: 'spend-per-customer', FailedRecords: 1 });

    const second = await handler(windowEvent([[s(4), encode(order('a', 3))]], { state: roundTrip(first.state) }), context);
    const final = await handler(windowEvent([], { state: roundTrip(second.state), final: true }), context);
    expect(final).toEqual({ state: {} });
    expect(JSON.parse(log.mock.calls[1][0])).toMatchObject({ message: 'window flushed (final)', flushes: 1, merged: 2 });

    const items = (await scanAll(local.client(), 'entry-aggregates')).filter(i => !i.key.S!.startsWith('aggregate-progress#'));
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
  ['the table name', { [AGGREGATE_CONFIG_ENV]: ENV[AGGREGATE_CONFIG_ENV], [AGGREGATE_FAILURE_BUCKET_ENV]: BUCKET }, /AGGREGATE_TABLE_NAME environment variable is not set/],
  ['the bucket', { [AGGREGATE_CONFIG_ENV]: ENV[AGGREGATE_CONFIG_ENV], [AGGREGATE_TABLE_ENV]: 'entry-aggregates' }, /AGGREGATE_FAILURE_BUCKET environment variable is not set/],
  ['the config', { [AGGREGATE_TABLE_ENV]: 'entry-aggregates', [AGGREGATE_FAILURE_BUCKET_ENV]: BUCKET }, /AGGREGATE_CONFIG environment variable is not set/],
  ['a valid config', { ...ENV, [AGGREGATE_CONFIG_ENV]: JSON.stringify({ ...ORDERS, keyPath: [] }) }, /keyPath must be a non-empty array/],
])('fails at cold start without %s', (_, env, message) => {
  for (const name of [AGGREGATE_TABLE_ENV, AGGREGATE_CONFIG_ENV, AGGREGATE_FAILURE_BUCKET_ENV]) {
    delete process.env[name];
  }
  expect(() => loadEntry(env)).toThrow(message);
});
