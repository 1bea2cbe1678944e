import { createHash } from 'crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { sequenceNumber, WINDOW } from './fixtures';
import { LocalS3, startS3rver } from './local-s3';
import { FailedRecord, S3FailureStore, UnstorableAggregate } from '../../../src/sinks/aggregate/failure-store';

const BUCKET = 'failures';
const SHARD = 'shardId-000000000002';

let local: LocalS3;
let client: S3Client;
let prefixes = 0;

beforeAll(async () => {
  local = await startS3rver();
  client = local.client();
  await local.createBucket(BUCKET);
});

afterAll(async () => {
  await local.close();
});

/** A store under a prefix of its own, so that each test lists only what it wrote. */
function store(): { prefix: string; store: S3FailureStore } {
  const prefix = `aggregate-failures-${++prefixes}/`;
  return { prefix, store: new S3FailureStore(client, BUCKET, prefix) };
}

function failed(sequence: string, reason = 'not valid JSON'): FailedRecord {
  return {
    shardId: SHARD,
    sequenceNumber: sequence,
    partitionKey: `p-${sequence.slice(-4)}`,
    approximateArrivalTimestamp: 1714557600.5,
    data: Buffer.from(`{"broken":${sequence.slice(-4)}`).toString('base64'),
    reason,
    windowStart: WINDOW.start,
  };
}

function sha16(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The key the store must pick, derived here on its own from the rule. */
function expectedRecordsKey(prefix: string, records: FailedRecord[]): string {
  const ids = records.map(r => `${r.shardId}:${r.sequenceNumber}`).sort();
  const smallest = records.map(r => BigInt(r.sequenceNumber)).reduce((a, b) => (b < a ? b : a)).toString();
  return `${prefix}records/${SHARD}/${WINDOW.start}/${smallest}-${records.length}-${sha16(ids.join('\n'))}.jsonl`;
}

// Just below 10^56: the first sequence numbers have 56 digits, the later ones 57.
const NEAR_POWER = 10n ** 56n - 1500n;

describe('putRecords', () => {
  test('writes one object, named after its records, one record a line in sequence order', async () => {
    const { prefix, store: s } = store();
    const a = failed(sequenceNumber(0, NEAR_POWER)); // 56 digits, 9999…98500
    const b = failed(sequenceNumber(1, NEAR_POWER)); // 56 digits, 9999…99500
    const c = failed(sequenceNumber(2, NEAR_POWER), 'not an object'); // 57 digits, 1000…00500
    expect([a, b, c].map(r => r.sequenceNumber.length)).toEqual([56, 56, 57]);

    await s.putRecords([c, a, b]);

    const key = expectedRecordsKey(prefix, [a, b, c]);
    expect(key).toBe(`${prefix}records/shardId-000000000002/2024-05-01T10:00:00Z/${'9'.repeat(51)}98500-3-${sha16(
      [a, b, c].map(r => `${SHARD}:${r.sequenceNumber}`).sort().join('\n'))}.jsonl`);
    expect(await local.listKeys(BUCKET, prefix)).toEqual([key]);
    const body = await local.getText(BUCKET, key);
    expect(body).toBe([a, b, c].map(r => JSON.stringify(r) + '\n').join(''));
    expect(body.split('\n')[2]).toBe(
      `{"shardId":"shardId-000000000002","sequenceNumber":"1${'0'.repeat(53)}500","partitionKey":"p-0500",`
      + '"approximateArrivalTimestamp":1714557600.5,"data":"eyJicm9rZW4iOjA1MDA=","reason":"not an object",'
      + '"windowStart":"2024-05-01T10:00:00Z"}');
    expect(body.endsWith('}\n')).toBe(true);
  });

  test('the same records in another order overwrite the same object; another set gets another', async () => {
    const { prefix, store: s } = store();
    const records = [0, 1, 2, 3].map(n => failed(sequenceNumber(n)));

    await s.putRecords(records);
    await s.putRecords([records[2], records[0], records[3], records[1]]);
    expect(await local.listKeys(BUCKET, prefix)).toEqual([expectedRecordsKey(prefix, records)]);

    // Same first record and count, another record: only the hash tells them apart.
    const other = [records[0], records[1], records[2], failed(sequenceNumber(4))];
    await s.putRecords(other);
    const keys = await local.listKeys(BUCKET, prefix);
    expect(keys.sort()).toEqual([expectedRecordsKey(prefix, records), expectedRecordsKey(prefix, other)].sort());
    expect(keys[0].split('/').pop()!.split('-').slice(0, 2)).toEqual(keys[1].split('/').pop()!.split('-').slice(0, 2));
  });

  test('writes nothing for no records', async () => {
    const { prefix, store: s } = store();
    await s.putRecords([]);
    expect(await local.listKeys(BUCKET, prefix)).toEqual([]);
  });

  test('rejects when the bucket does not exist', async () => {
    const s = new S3FailureStore(client, 'no-such-bucket', 'aggregate-failures/');
    await expect(s.putRecords([failed(sequenceNumber(0))])).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});

describe('putAggregate', () => {
  const entry: UnstorableAggregate = {
    shardId: SHARD,
    windowStart: WINDOW.start,
    windowEnd: WINDOW.end,
    key: 'customer/42 é',
    flush: 3,
    values: { count: 2, sum_amount: 1e308, min_amount: 1, max_amount: 1e308 },
    reason: 'ValidationException: Number overflow. Attempting to store a number with magnitude larger than supported range',
  };

  test('writes one object named after shard, window, flush and key, with why it is there', async () => {
    const { prefix, store: s } = store();
    await s.putAggregate(entry);

    const key = `${prefix}aggregates/shardId-000000000002/2024-05-01T10:00:00Z/3-${sha16('customer/42 é')}.json`;
    expect(await local.listKeys(BUCKET, prefix)).toEqual([key]);
    expect(await local.getText(BUCKET, key)).toBe(
      '{"shardId":"shardId-000000000002","windowStart":"2024-05-01T10:00:00Z","windowEnd":"2024-05-01T10:05:00Z",'
      + '"key":"customer/42 é","flush":3,"values":{"count":2,"sum_amount":1e+308,"min_amount":1,"max_amount":1e+308},'
      + '"reason":"ValidationException: Number overflow. Attempting to store a number with magnitude larger than supported range",'
      + '"message":"this key\'s contribution from this flush was not merged into its item: DynamoDB refused it"}');
  });

  test('another flush of the same key, or another key, gets another object', async () => {
    const { prefix, store: s } = store();
    await s.putAggregate(entry);
    await s.putAggregate(entry);
    await s.putAggregate({ ...entry, flush: 4 });
    await s.putAggregate({ ...entry, key: 'customer/43' });
    expect((await local.listKeys(BUCKET, prefix)).sort()).toEqual([
      `${prefix}aggregates/${SHARD}/${WINDOW.start}/3-${sha16('customer/42 é')}.json`,
      `${prefix}aggregates/${SHARD}/${WINDOW.start}/3-${sha16('customer/43')}.json`,
      `${prefix}aggregates/${SHARD}/${WINDOW.start}/4-${sha16('customer/42 é')}.json`,
    ]);
  });

  test('rejects when the bucket does not exist', async () => {
    const s = new S3FailureStore(client, 'no-such-bucket', 'aggregate-failures/');
    await expect(s.putAggregate(entry)).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
