import { MemoryFailureStore, ORDERS, COMPILED_ORDERS, WINDOW } from './fixtures';
import { Fault, injectFaults, newAggregateTable, scanAll, useDynalite } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';
import { AggregateWriter, Flush } from '../../../src/sinks/aggregate/aggregate-writer';
import { compileConfig } from '../../../src/sinks/aggregate/compiled-config';

const SHARD = 'shardId-000000000000';
const OTHER = 'shardId-000000000001';
const WINDOW_END_SECONDS = Date.parse(WINDOW.end) / 1000;
/** A clock in the window: items expire `expireAfter` after the window's end. */
const IN_WINDOW = () => Date.parse(WINDOW.start);

const dynalite = useDynalite();

async function setup(plan?: (command: string, input: any) => Fault, compiled = COMPILED_ORDERS, now = IN_WINDOW) {
  const local = dynalite();
  const table = await newAggregateTable(local, 'writer');
  const client = local.client();
  const stats = injectFaults(client, plan);
  const failures = new MemoryFailureStore();
  const writer = new AggregateWriter(client, table, compiled, failures, { backoff: { baseMs: 1, capMs: 2 }, now });
  const items = async () => new Map((await scanAll(local.client(), table)).map(item => [item[L.PARTITION_KEY].S!, item]));
  return { writer, stats, failures, items };
}

function flush(aggregates: Flush['aggregates'], number = 1, shardId = SHARD): Flush {
  return { shardId, windowStart: WINDOW.start, windowEnd: WINDOW.end, number, aggregates };
}

const deadline = () => Date.now() + 10_000;

test('one UpdateItem per key: the measures, the window\'s end, the expiry and the shard\'s mark', async () => {
  const { writer, stats, items } = await setup();
  const result = await writer.merge(flush({ a: [2, 12.5, 2.5, 10], 7: [1, -3, -3, -3] }), deadline());

  expect(result).toEqual({ merged: 2, alreadyMerged: 0, unstorable: 0, extremes: 0, retried: 0 });
  expect(stats.itemWrites).toBe(2);
  expect(stats.reads).toBe(0);
  expect((await items()).get('a')).toEqual({
    [L.PARTITION_KEY]: { S: 'a' },
    [L.SORT_KEY]: { S: WINDOW.start },
    [L.WINDOW_END]: { S: WINDOW.end },
    [L.EXPIRES_AT]: { N: String(WINDOW_END_SECONDS + ORDERS.expireAfterSeconds) },
    [`${L.MARK_PREFIX}${SHARD}`]: { N: '1' },
    count: { N: '2' },
    sum_amount: { N: '12.5' },
    min_amount: { N: '2.5' },
    max_amount: { N: '10' },
  });
});

test('the same flush again adds nothing; the next flush of the shard adds; an earlier one is refused', async () => {
  const { writer, items } = await setup();
  await writer.merge(flush({ a: [1, 5, 5, 5] }), deadline());
  expect(await writer.merge(flush({ a: [1, 5, 5, 5] }), deadline())).toMatchObject({ merged: 0, alreadyMerged: 1 });
  await writer.merge(flush({ a: [2, 3, 1, 2] }, 2), deadline());
  expect(await writer.merge(flush({ a: [9, 9, 9, 9] }, 1), deadline())).toMatchObject({ merged: 0, alreadyMerged: 1 });

  const a = (await items()).get('a')!;
  // The earlier flush's maximum is not taken either: it was never this flush's to set.
  expect([a.count.N, a.sum_amount.N, a.min_amount.N, a.max_amount.N, a[`${L.MARK_PREFIX}${SHARD}`].N]).toEqual(['3', '8', '1', '5', '2']);
});

test('shards add to one item, each with its own mark; a more extreme minimum or maximum takes a second write', async () => {
  const { writer, stats, items } = await setup();
  await writer.merge(flush({ a: [1, 5, 5, 5] }), deadline());
  const result = await writer.merge(flush({ a: [2, 1, -4, 5.5] }, 1, OTHER), deadline());

  expect(result).toEqual({ merged: 1, alreadyMerged: 0, unstorable: 0, extremes: 2, retried: 0 });
  expect(stats.itemWrites).toBe(4);
  const a = (await items()).get('a')!;
  expect([a.count.N, a.sum_amount.N, a.min_amount.N, a.max_amount.N]).toEqual(['3', '6', '-4', '5.5']);
  expect([a[`${L.MARK_PREFIX}${SHARD}`].N, a[`${L.MARK_PREFIX}${OTHER}`].N]).toEqual(['1', '1']);
});

test('a flush retried after its reply was lost: the keys it merged are skipped, their extremes still checked', async () => {
  let first = false;
  const { writer, items } = await setup((command, input) => {
    if (command === 'UpdateItemCommand' && input.Key.key.S === 'b' && input.UpdateExpression.includes(' ADD ') && first) {
      first = false;
      return 'after';
    }
    return undefined;
  });
  await writer.merge(flush({ b: [1, 1, 1, 1] }, 1, OTHER), deadline());
  first = true;
  await expect(writer.merge(flush({ a: [1, 5, 5, 5], b: [2, 3, 0, 3] }), deadline()))
    .rejects.toThrow(/^flush 1 of shardId-000000000000 in window 2024-05-01T10:00:00Z failed \(\d of 2 keys done\): InjectedFault: injected: UpdateItemCommand's reply lost after it was applied$/);
  expect(await writer.merge(flush({ a: [1, 5, 5, 5], b: [2, 3, 0, 3] }), deadline())).toMatchObject({ alreadyMerged: 2, extremes: 2 });

  const b = (await items()).get('b')!;
  expect([b.count.N, b.sum_amount.N, b.min_amount.N, b.max_amount.N]).toEqual(['3', '4', '0', '3']);
});

test('throttling is retried until it passes', async () => {
  let throttles = 3;
  const { writer, items } = await setup(command => (command === 'UpdateItemCommand' && throttles-- > 0 ? 'throttle' : undefined));
  expect(await writer.merge(flush({ a: [1, 5, 5, 5] }), deadline())).toMatchObject({ merged: 1, retried: 3 });
  expect((await items()).get('a')!.count.N).toBe('1');
});

test('values DynamoDB refuses for one key: set aside with the reason, the item marked, the other keys merged', async () => {
  const { writer, failures, items } = await setup((command, input) =>
    (command === 'UpdateItemCommand' && input.Key.key.S === 'big' && input.UpdateExpression.includes(' ADD ') ? 'overflow' : undefined));
  await writer.merge(flush({ big: [1, 1, 1, 1] }, 1, OTHER), deadline()).catch(() => undefined);
  const result = await writer.merge(flush({ big: [1, 9e125, 9e125, 9e125], small: [1, 1, 1, 1] }), deadline());

  expect(result).toMatchObject({ merged: 1, unstorable: 1 });
  expect([...failures.aggregates.values()]).toEqual(expect.arrayContaining([{
    shardId: SHARD,
    windowStart: WINDOW.start,
    windowEnd: WINDOW.end,
    key: 'big',
    flush: 1,
    values: { count: 1, sum_amount: 9e125, min_amount: 9e125, max_amount: 9e125 },
    reason: 'ValidationException: Number overflow. Attempting to store a number with magnitude larger than supported range',
  }]));
  expect((await items()).get('small')!.count.N).toBe('1');
});

test('a count-only config asks nothing back; the expiry follows a merge later than the window', async () => {
  const counts = compileConfig({ ...ORDERS, measures: [{ attribute: 'n', kind: 'count' }] });
  const later = Date.parse(WINDOW.end) + 3_600_000;
  const { writer, items } = await setup(undefined, counts, () => later);
  await writer.merge(flush({ a: [4] }), deadline());
  const a = (await items()).get('a')!;
  expect(a.n.N).toBe('4');
  expect(a[L.EXPIRES_AT].N).toBe(String(later / 1000 + ORDERS.expireAfterSeconds));
});
