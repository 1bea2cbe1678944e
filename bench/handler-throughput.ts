/**
 * Aggregate handler benchmark: how many records per second does `AggregateToTable`'s
 * function decode and aggregate on one core (goal ≥ 500,000 for ~150-byte records), and
 * how many DynamoDB calls does a window cost (goal: item writes = distinct keys per flush,
 * summed over the window's flushes; at most one read per shard and window)?
 *
 * Method, and why:
 * - The records are generated before timing: ~150-byte JSON orders over 10,000 customers,
 *   base64 as Kinesis delivers them, in events of 100 records (the default batch size).
 * - Throughput: 1,000,000 records per round, as 10 windows of 100,000 (each window starts
 *   from `{}`, as Lambda does), through `WindowAggregator.process` — the handler's whole
 *   per-record path — with count, sum and max. One warm-up round is discarded (JIT), then
 *   the median and best of the rounds. The process is pinned to one CPU while timing
 *   (taskset, where available), so the garbage collector's helper threads share that core
 *   too; CPU time is reported next to wall time.
 * - For scale, the same records through base64 + JSON.parse alone (the floor). Then one
 *   window with the state parsed and serialized around every invocation, as Lambda's
 *   runtime does, for batches of 100, 1,000 and 10,000 records: that cost grows with the
 *   keys in the state, not with the records, so larger batches spread it.
 * - DynamoDB calls: one window of 100,000 records on one shard through the full handler,
 *   ending with its final invocation, against dynalite (an in-memory DynamoDB) in this
 *   process; every request is counted, item writes apart from the progress item's. Then
 *   the final invocation is retried with the same state, as Lambda does after a failure: it
 *   must write no item. Then a window of 30,000 keys of 44 characters, whose state the
 *   handler flushes in parts before it nears Lambda's 1 MB.
 *
 * Run: `npx ts-node --project bench/tsconfig.json bench/handler-throughput.ts [rounds]`
 * (default 5 rounds + 1 warm-up).
 */
import { spawnSync } from 'child_process';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamRecord } from 'aws-lambda';
import { median, rounds } from './stats';
import { AggregateConfig, AggregateTableLayout } from '../src/sinks/aggregate/aggregate-config';
import { AggregateWriter } from '../src/sinks/aggregate/aggregate-writer';
import { compileConfig } from '../src/sinks/aggregate/compiled-config';
import { FailureStore } from '../src/sinks/aggregate/failure-store';
import { createHandler, InvocationContext } from '../src/sinks/aggregate/handler';
import { ProgressStore } from '../src/sinks/aggregate/progress-store';
import { TumblingWindowEvent, WindowAggregator } from '../src/sinks/aggregate/window-aggregator';
import { WindowState } from '../src/sinks/aggregate/window-state';

const RECORDS_PER_ROUND = 1_000_000;
const RECORDS_PER_WINDOW = 100_000;
const BATCH = 100;
const KEYS = 10_000;
const GOAL = 500_000;

const CONFIG: AggregateConfig = {
  keyPath: ['customer', 'id'],
  measures: [
    { attribute: 'orders', kind: 'count' },
    { attribute: 'revenue', kind: 'sum', path: ['amount'] },
    { attribute: 'largest', kind: 'max', path: ['amount'] },
  ],
  expireAfterSeconds: 86_400,
  maxBatchSize: BATCH,
  failurePrefix: 'aggregate-failures/',
};
const WINDOW = { start: '2024-05-01T10:00:00Z', end: '2024-05-01T10:05:00Z' };
const SHARD = 'shardId-000000000000';
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
/** Lambda's context, as far as the handler reads it: the flush gets AggregateToTable's default timeout of 5 minutes. */
const CONTEXT: InvocationContext = { getRemainingTimeInMillis: () => 300_000 };


/** A seeded generator, so every run aggregates the same records. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** The shard's n-th record, as Lambda delivers it: the JSON base64-encoded, sequence numbers increasing. */
function kinesisRecord(n: number, json: string): KinesisStreamRecord {
  const sequenceNumber = (49590338271490256608559692538361571095921575989136588898n + BigInt(n)).toString();
  return {
    awsRegion: 'us-east-1',
    eventID: `${SHARD}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: STREAM_ARN,
    eventVersion: '1.0',
    invokeIdentityArn: 'arn:aws:iam::111111111111:role/aggregate',
    kinesis: {
      approximateArrivalTimestamp: 1714557662.345,
      data: Buffer.from(json).toString('base64'),
      kinesisSchemaVersion: '1.0',
      partitionKey: 'p',
      sequenceNumber,
    },
  };
}

/** A batch of the window as an invocation's event (not its final one). */
function batchEvent(records: KinesisStreamRecord[]): TumblingWindowEvent {
  return {
    Records: records,
    window: WINDOW,
    state: {},
    shardId: SHARD,
    eventSourceARN: STREAM_ARN,
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false,
  };
}

/** One window's events: `RECORDS_PER_WINDOW` records in batches of `BATCH`, increasing sequence numbers. */
function windowEvents(): { events: TumblingWindowEvent[]; bytes: number } {
  const random = prng(12345);
  const events: TumblingWindowEvent[] = [];
  let bytes = 0;
  for (let b = 0; b < RECORDS_PER_WINDOW / BATCH; b++) {
    const records: KinesisStreamRecord[] = [];
    for (let r = 0; r < BATCH; r++) {
      const n = b * BATCH + r;
      const json = JSON.stringify({
        orderId: `o-${String(n).padStart(9, '0')}`,
        customer: { id: `c-${String(Math.floor(random() * KEYS)).padStart(6, '0')}`, tier: 'gold' },
        amount: Math.round(random() * 100_000) / 100,
        currency: 'EUR',
        ts: '2024-05-01T10:01:02.345Z',
        channel: 'web',
      });
      bytes += json.length;
      records.push(kinesisRecord(n, json));
    }
    events.push(batchEvent(records));
  }
  return { events, bytes: bytes / RECORDS_PER_WINDOW };
}

/** Pins this process, all its threads, to the given CPUs; false where taskset is missing. */
function pin(cpus: string): boolean {
  return spawnSync('taskset', ['-a', '-c', '-p', cpus, String(process.pid)], { stdio: 'ignore' }).status === 0;
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Times `RECORDS_PER_ROUND` records through one of the variants. */
function timeRound(events: TumblingWindowEvent[], step: (event: TumblingWindowEvent, state: WindowState) => WindowState): Timing {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let w = 0; w < RECORDS_PER_ROUND / RECORDS_PER_WINDOW; w++) {
    // A window's first state, as the handler makes it from the progress item it reads.
    let state: WindowState = { v: 0, m: [] };
    for (const event of events) {
      state = step(event, state);
    }
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

function throughput(n: number, events: TumblingWindowEvent[]): string[] {
  const compiled = compileConfig(CONFIG);
  const aggregator = new WindowAggregator(compiled);
  let floorSink = 0;
  const variants: Record<string, (event: TumblingWindowEvent, state: WindowState) => WindowState> = {
    'base64 + JSON.parse only': (event, state) => {
      for (const record of event.Records) {
        floorSink += (JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as { amount: number }).amount;
      }
      return state;
    },
    'handler (decode + aggregate)': (event, state) => {
      aggregator.process(state, event.Records, SHARD, WINDOW.start);
      return state;
    },
  };

  const results: Record<string, Timing[]> = Object.fromEntries(Object.keys(variants).map(v => [v, []]));
  for (let round = 0; round <= n; round++) {
    const line = Object.entries(variants).map(([name, step]) => {
      const t = timeRound(events, step);
      if (round > 0) {
        results[name].push(t);
      }
      return `${(RECORDS_PER_ROUND / t.wall / 1000).toFixed(0)}k/s`;
    });
    process.stdout.write(`${round === 0 ? 'warm-up (discarded)' : `round ${round}/${n}`}: ${line.join(', ')}\n`);
  }
  if (floorSink === 0) {
    process.stdout.write('(unexpected: no amounts parsed)\n');
  }

  const rate = (seconds: number) => (RECORDS_PER_ROUND / seconds).toFixed(0).padStart(11);
  const lines = [
    '',
    'records/s, 1,000,000 records per round      median        best   CPU s/wall s',
    ...Object.entries(results).map(([name, timings]) => {
      const walls = timings.map(t => t.wall);
      const cpuRatio = median(timings.map(t => t.cpu / t.wall));
      return `${name.padEnd(36)} ${rate(median(walls))} ${rate(Math.min(...walls))}   ${cpuRatio.toFixed(2).padStart(12)}`;
    }),
  ];
  const handler = median(results['handler (decode + aggregate)'].map(t => t.wall));
  const handlerRate = RECORDS_PER_ROUND / handler;
  lines.push('', `handler: ${(handler / RECORDS_PER_ROUND * 1e6).toFixed(2)} µs/record; goal ≥ ${GOAL.toLocaleString('en')} records/s: ${handlerRate >= GOAL ? 'met' : 'NOT met'}`);

  const state: WindowState = { v: 0, m: [] };
  for (const event of events) {
    aggregator.process(state, event.Records, SHARD, WINDOW.start);
  }
  const stateBytes = Buffer.byteLength(JSON.stringify(state));
  lines.push(`state after a window of ${RECORDS_PER_WINDOW.toLocaleString('en')} records over ${KEYS.toLocaleString('en')} keys: `
    + `${(stateBytes / 1024).toFixed(0)} KiB (${(stateBytes / KEYS).toFixed(0)} bytes/key; the handler flushes in parts past 900,000 bytes)`);
  return [...lines, ...withStateSerialized(aggregator, events)];
}

/**
 * What Lambda's runtime adds: it parses the state with the event and serializes it with
 * the response, at every invocation. One window per batch size, timed once (the handler
 * is warm by now): the cost is per invocation, so larger batches spread it.
 */
function withStateSerialized(aggregator: WindowAggregator, events: TumblingWindowEvent[]): string[] {
  const records = events.flatMap(e => e.Records);
  const lines = ['', `one window, state parsed and serialized around each invocation, as in Lambda (${KEYS.toLocaleString('en')} keys)`,
    'batch size   invocations   records/s   ms/invocation'];
  for (const batch of [100, 1_000, 10_000]) {
    const batches: TumblingWindowEvent[] = [];
    for (let i = 0; i < records.length; i += batch) {
      batches.push({ ...events[0], Records: records.slice(i, i + batch) });
    }
    const start = process.hrtime.bigint();
    let json = '{"v":0,"m":[]}';
    for (const event of batches) {
      const state = JSON.parse(json) as WindowState;
      aggregator.process(state, event.Records, SHARD, WINDOW.start);
      json = JSON.stringify(state);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    lines.push(`${String(batch).padStart(10)} ${String(batches.length).padStart(13)} ${(records.length / seconds).toFixed(0).padStart(11)} `
      + `${(seconds * 1000 / batches.length).toFixed(2).padStart(15)}`);
  }
  return lines;
}

async function startDynalite(): Promise<{ server: Server; endpoint: string }> {
  // dynalite has no types and is CommonJS only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: { createTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Counts what reaches DynamoDB, by kind. */
interface Calls {
  itemWrites: number;
  progressWrites: number;
  reads: number;
}

/** A failure store that keeps nothing: the benchmark's records are all valid. */
const NO_FAILURES: FailureStore = { putRecords: async () => undefined, putAggregate: async () => undefined };

async function writes(events: TumblingWindowEvent[]): Promise<string[]> {
  const { server, endpoint } = await startDynalite();
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let tables = 0;
  const calls: Calls = { itemWrites: 0, progressWrites: 0, reads: 0 };
  client.middlewareStack.add((next, context) => args => {
    const input = args.input as { Key?: Record<string, { S?: string }>; Item?: Record<string, { S?: string }> };
    const key = (input.Key ?? input.Item)?.[AggregateTableLayout.PARTITION_KEY]?.S ?? '';
    if (context.commandName === 'GetItemCommand') {
      calls.reads++;
    } else if (key.startsWith(AggregateTableLayout.PROGRESS_KEY_PREFIX)) {
      calls.progressWrites++;
    } else if (context.commandName === 'UpdateItemCommand') {
      calls.itemWrites++;
    }
    return next(args);
  }, { step: 'initialize', name: 'count' });

  /** One window through the handler on a new table: the calls of its invocations, its final, and the final retried. */
  const window = async (batches: TumblingWindowEvent[]) => {
    const table = `aggregates-${++tables}`;
    await client.send(new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }, { AttributeName: 'windowStart', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }, { AttributeName: 'windowStart', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    const compiled = compileConfig(CONFIG);
    const flushedKeys: number[] = [];
    const writer = new AggregateWriter(client, table, compiled, NO_FAILURES);
    const handler = createHandler({
      aggregator: new WindowAggregator(compiled),
      writer: { merge: (flush, deadline) => (flushedKeys.push(Object.keys(flush.aggregates).length), writer.merge(flush, deadline)) },
      progress: new ProgressStore(client, table),
      failures: NO_FAILURES,
      maxBatchSize: BATCH,
      expireAfterSeconds: CONFIG.expireAfterSeconds,
      log: () => undefined,
    });
    Object.assign(calls, { itemWrites: 0, progressWrites: 0, reads: 0 });
    const keys = new Set<string>();
    let json = '{}';
    for (const event of batches) {
      for (const record of event.Records) {
        keys.add((JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString()) as { customer: { id: string } }).customer.id);
      }
      json = JSON.stringify((await handler({ ...event, state: JSON.parse(json) }, CONTEXT)).state);
    }
    const start = process.hrtime.bigint();
    await handler({ ...batches[0], Records: [], state: JSON.parse(json), isFinalInvokeForWindow: true }, CONTEXT);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const done = { ...calls };
    await handler({ ...batches[0], Records: [], state: JSON.parse(json), isFinalInvokeForWindow: true }, CONTEXT);
    const retry = { itemWrites: calls.itemWrites - done.itemWrites, reads: calls.reads - done.reads };
    return { keys: keys.size, records: batches.reduce((n, e) => n + e.Records.length, 0), flushedKeys, window: done, retry, seconds };
  };

  try {
    const lines = [
      '',
      'DynamoDB calls for one window of one shard, dynalite in-process',
      'window                                 records    keys  flushes  keys×flushes  item writes  progress writes  reads  final s',
    ];
    const verdicts: string[] = [];
    const wide = wideWindow();
    for (const [name, batches] of [['10,000 keys, 150-byte orders', events], ['30,000 keys of 44 characters', wide]] as const) {
      const r = await window(batches as TumblingWindowEvent[]);
      const keysTimesFlushes = r.flushedKeys.reduce((a, b) => a + b, 0);
      lines.push(`${name.padEnd(36)} ${String(r.records).padStart(9)} ${String(r.keys).padStart(7)} ${String(r.flushedKeys.length).padStart(8)} `
        + `${String(keysTimesFlushes).padStart(13)} ${String(r.window.itemWrites).padStart(12)} ${String(r.window.progressWrites).padStart(16)} `
        + `${String(r.window.reads).padStart(6)} ${r.seconds.toFixed(2).padStart(8)}`);
      lines.push(`${'  final retried, same state'.padEnd(36)} ${''.padStart(9)} ${''.padStart(7)} ${''.padStart(8)} ${''.padStart(13)} `
        + `${String(r.retry.itemWrites).padStart(12)}`);
      verdicts.push(`${name}: item writes ÷ (keys × flushes) ${(r.window.itemWrites / keysTimesFlushes).toFixed(3)} `
        + `(goal 1.000: ${r.window.itemWrites === keysTimesFlushes ? 'met' : 'NOT met'}); reads ${r.window.reads} (goal ≤ 1: `
        + `${r.window.reads <= 1 ? 'met' : 'NOT met'}); the retry wrote ${r.retry.itemWrites} items (goal 0)`);
    }
    return [...lines, '', ...verdicts];
  } finally {
    client.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }
}

/** A window of 30,000 orders, each from its own customer with a 44-character id: a state past 1 MB unless flushed in parts. */
function wideWindow(): TumblingWindowEvent[] {
  const events: TumblingWindowEvent[] = [];
  for (let b = 0; b < 30_000 / BATCH; b++) {
    const records = Array.from({ length: BATCH }, (_, r) => {
      const n = b * BATCH + r;
      return kinesisRecord(n, JSON.stringify({ customer: { id: `customer-${String(n).padStart(35, '0')}` }, amount: n % 100 }));
    });
    events.push(batchEvent(records));
  }
  return events;
}

async function main(): Promise<void> {
  const n = rounds(5);
  const { events, bytes } = windowEvents();
  const pinned = pin('0');
  process.stdout.write(`Aggregate handler benchmark: node ${process.version}, ${os.cpus().length} CPUs`
    + `${pinned ? ', pinned to CPU 0 while timing' : ' (taskset missing: not pinned)'}, `
    + `records of ${bytes.toFixed(0)} bytes JSON, batches of ${BATCH}, ${KEYS.toLocaleString('en')} keys, `
    + `count + sum + max, ${n} rounds + 1 warm-up\n\n`);
  const lines = throughput(n, events);
  if (pinned) {
    pin(`0-${os.cpus().length - 1}`);
  }
  lines.push(...await writes(events));
  process.stdout.write(`${lines.join('\n')}\n\nLoad average (1 min): ${os.loadavg()[0].toFixed(1)}, ${os.cpus().length} CPUs.\n`);
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
