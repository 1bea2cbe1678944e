import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamStateResponse } from 'aws-lambda';
import { COMPILED_ORDERS, encode, MemoryFailureStore, order, ORDERS, roundTrip, sequenceNumber, WINDOW, windowEvent } from './fixtures';
import { Fault, injectFaults, LocalDynamoDB, newAggregateTable, RequestStats, scanAll } from './local-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';
import { AggregateWriter } from '../../../src/sinks/aggregate/aggregate-writer';
import { FailureStore } from '../../../src/sinks/aggregate/failure-store';
import { createHandler, InvocationContext, LogSink } from '../../../src/sinks/aggregate/handler';
import { ProgressStore } from '../../../src/sinks/aggregate/progress-store';
import { WindowAggregator } from '../../../src/sinks/aggregate/window-aggregator';

export const SHARD = 'shardId-000000000000';
export const CONTEXT: InvocationContext = { getRemainingTimeInMillis: () => 60_000 };

/** The shipped handler on a fresh table of a dynalite server, with what it wrote and logged. */
export class Harness {
  public static async create(local: LocalDynamoDB, plan?: (command: string, input: any) => Fault, maxBatchSize = 100,
    maxStateBytes?: number): Promise<Harness> {
    const table = await newAggregateTable(local, 'adversarial');
    return new Harness(local, table, plan, maxBatchSize, maxStateBytes);
  }

  public readonly failures = new MemoryFailureStore();
  public readonly logs: { level: string; entry: Record<string, unknown> }[] = [];
  public readonly stats: RequestStats;
  public readonly handler: (event: any, context: InvocationContext) => Promise<KinesisStreamStateResponse>;

  private constructor(private readonly local: LocalDynamoDB, public readonly table: string,
    plan: ((command: string, input: any) => Fault) | undefined, maxBatchSize: number, maxStateBytes: number | undefined) {
    const client = local.client();
    this.stats = injectFaults(client, plan);
    const log: LogSink = (level, entry) => this.logs.push({ level, entry });
    this.handler = ordersHandler(client, table, this.failures, { maxBatchSize, log, functionName: 'aggregate', maxStateBytes });
  }

  /**
   * Invokes the handler with records `[n, data]` and a copy of `state` (Lambda hands a
   * deserialized state to every invocation), and returns the state it gave back.
   */
  public async invoke(records: Rec[], state: object, flags: { final?: boolean; early?: boolean; shardId?: string } = {}): Promise<object> {
    const event = windowEvent(records.map(([n, data]) => [sequenceNumber(n), data]),
      { state: roundTrip(state), final: flags.final, early: flags.early, shardId: flags.shardId });
    const response = await this.handler(event, CONTEXT);
    return roundTrip(response.state!);
  }

  /** The aggregate items, as `key → [count, sum, min, max]`, and their marks. */
  public async items(): Promise<Map<string, number[]>> {
    const items = await scanAll(this.local.client(), this.table);
    return new Map(items
      .filter(item => !item[L.PARTITION_KEY].S!.startsWith(L.PROGRESS_KEY_PREFIX))
      .map(item => [item[L.PARTITION_KEY].S!, ORDERS.measures.map(m => Number(item[m.attribute]?.N ?? NaN))]));
  }
}

/** What varies between the tests' handlers. */
export interface OrdersHandlerOptions {
  readonly maxBatchSize: number;
  readonly log?: LogSink;
  readonly functionName?: string;
  readonly maxStateBytes?: number;
}

/** The shipped handler with the README's orders config, on a table of a local DynamoDB, as the entry builds it. */
export function ordersHandler(client: DynamoDBClient, table: string, failures: FailureStore, options: OrdersHandlerOptions) {
  const compiled = { ...COMPILED_ORDERS, config: { ...COMPILED_ORDERS.config, maxBatchSize: options.maxBatchSize } };
  return createHandler({
    aggregator: new WindowAggregator(compiled),
    writer: new AggregateWriter(client, table, compiled, failures),
    progress: new ProgressStore(client, table),
    failures,
    maxBatchSize: options.maxBatchSize,
    expireAfterSeconds: ORDERS.expireAfterSeconds,
    log: options.log ?? (() => undefined),
    functionName: options.functionName,
    maxStateBytes: options.maxStateBytes,
  });
}

/** A record as scripted tests give it: its position in the shard and its data. */
export type Rec = [number, string];

/** Records `from` to `to` (inclusive) of customers `c-<n % keys>`, each of amount `n + 1`. */
export function orders(from: number, to: number, keys = 5): Rec[] {
  const records: Rec[] = [];
  for (let n = from; n <= to; n++) {
    records.push([n, encode(order(`c-${n % keys}`, n + 1))]);
  }
  return records;
}

/** What the table must hold for the given records (malformed ones left out). */
export function expectedOf(...batches: Rec[][]): Map<string, number[]> {
  const seen = new Map<number, string>();
  for (const batch of batches) {
    for (const [n, data] of batch) {
      seen.set(n, data);
    }
  }
  const expected = new Map<string, number[]>();
  for (const data of seen.values()) {
    let record: any;
    try {
      record = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
    } catch {
      continue;
    }
    const key = record?.customer?.id;
    const amount = record?.amount;
    if ((typeof key !== 'string' || key === '') || typeof amount !== 'number') {
      continue;
    }
    const e = expected.get(key);
    expected.set(key, e === undefined ? [1, amount, amount, amount] : [e[0] + 1, e[1] + amount, Math.min(e[2], amount), Math.max(e[3], amount)]);
  }
  return expected;
}

export { WINDOW };
