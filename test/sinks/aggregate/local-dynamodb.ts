import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { AttributeValue, CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { AggregateTableLayout as L } from '../../../src/sinks/aggregate/aggregate-config';

/** A dynalite server (in-memory DynamoDB) on 127.0.0.1, and clients for it. */
export interface LocalDynamoDB {
  readonly endpoint: string;
  /** A new client for it: each test may add its own middleware. */
  client(): DynamoDBClient;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamoDB> {
  // dynalite has no types and is CommonJS only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: DynamoDBClient[] = [];
  const requests = trackRequests(server);
  return {
    endpoint,
    client: () => {
      const client = new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      // A request the test stopped waiting for (a timed-out call, an injected fault) may still be
      // running on the server: dynalite closes its store between the steps of one request, and
      // then throws from the next step, which kills the test process. So let every request end.
      await requests.drained(DRAIN_TIMEOUT_MS);
      clients.forEach(c => c.destroy());
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

/** How long `close()` waits for requests still running on the server. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Counts the requests the server is working on, from arrival to its response being
 * written (dynalite ends every request with `res.end()`, after its last storage step,
 * whether or not the client is still there).
 */
function trackRequests(server: Server): { drained(timeoutMs: number): Promise<void> } {
  let running = 0;
  server.prependListener('request', (_request, response) => {
    running++;
    const end = response.end.bind(response);
    response.end = ((...args: Parameters<typeof end>) => {
      running--;
      return end(...args);
    }) as typeof response.end;
  });
  return {
    drained: async timeoutMs => {
      const deadline = Date.now() + timeoutMs;
      while (running > 0 && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
    },
  };
}

/** Creates an aggregate table (the layout `AggregateToTable` deploys). */
export async function createAggregateTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: L.PARTITION_KEY, AttributeType: 'S' },
      { AttributeName: L.SORT_KEY, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: L.PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: L.SORT_KEY, KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  }));
}

let tables = 0;

/** A new aggregate table on the server, named `<prefix>-<n>`, unique in this process. */
export async function newAggregateTable(local: LocalDynamoDB, prefix: string): Promise<string> {
  const table = `${prefix}-${++tables}`;
  await createAggregateTable(local.client(), table);
  return table;
}

/** Starts dynalite before the file's tests and stops it after them; call the result for the server. */
export function useDynalite(): () => LocalDynamoDB {
  let local: LocalDynamoDB | undefined;
  beforeAll(async () => {
    local = await startDynalite();
  });
  afterAll(async () => {
    await local?.close();
  });
  return () => local!;
}

/** Every item of a table. */
export async function scanAll(client: DynamoDBClient, tableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** What a fault plan decides for one request. */
export type Fault = 'before' | 'after' | 'overflow' | 'throttle' | undefined;

/**
 * DynamoDB's refusal of an `ADD` whose result leaves its number range. dynalite does not
 * check the result of an ADD, so a fault plan makes the request fail as DynamoDB would.
 */
export const NUMBER_OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range';

/** Counts of what went through a client with `injectFaults`. */
export interface RequestStats {
  /** UpdateItem requests DynamoDB applied to aggregate items (it answered 200), whether or not the caller saw the answer. */
  itemWrites: number;
  /** Requests DynamoDB applied to progress items and their logs (claims, completions, log chunks). */
  progressWrites: number;
  /** GetItem requests (progress items and logs: the handler reads nothing else). */
  reads: number;
  conditionalFailures: number;
  /** Requests failed before being sent. */
  faultsBefore: number;
  /** Requests sent and applied, whose answer was then replaced by an error. */
  faultsAfter: number;
}

/** Whether a request's key is a progress item's or a log's (`aggregate-progress#…`). */
export function isProgressRequest(input: any): boolean {
  const key = input.Key ?? input.Item;
  return String(key?.[L.PARTITION_KEY]?.S ?? '').startsWith(L.PROGRESS_KEY_PREFIX);
}

/**
 * Adds a middleware, first in the stack (before the SDK's retries), that fails the
 * requests the plan picks: 'before' without sending them, 'after' once DynamoDB has
 * applied them (as a timeout or a connection reset after the write would).
 */
export function injectFaults(client: DynamoDBClient, plan: (command: string, input: any) => Fault = () => undefined): RequestStats {
  const stats: RequestStats = { itemWrites: 0, progressWrites: 0, reads: 0, conditionalFailures: 0, faultsBefore: 0, faultsAfter: 0 };
  client.middlewareStack.add((next, context) => async args => {
    const command = context.commandName ?? '';
    const fault = plan(command, args.input);
    if (fault === 'throttle') {
      throw Object.assign(new Error('injected: throttled'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
    }
    if (fault === 'overflow') {
      throw Object.assign(new Error(NUMBER_OVERFLOW), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    }
    if (fault === 'before') {
      stats.faultsBefore++;
      throw Object.assign(new Error(`injected: ${command} failed before it was sent`), { name: 'InjectedFault' });
    }
    let output;
    try {
      output = await next(args);
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        stats.conditionalFailures++;
      }
      throw error;
    }
    if (command === 'GetItemCommand') {
      stats.reads++;
    } else if (isProgressRequest(args.input)) {
      stats.progressWrites++;
    } else {
      stats.itemWrites++;
    }
    if (fault === 'after') {
      stats.faultsAfter++;
      throw Object.assign(new Error(`injected: ${command}'s reply lost after it was applied`), { name: 'InjectedFault' });
    }
    return output;
  }, { step: 'initialize', name: 'injectFaults', priority: 'high' });
  return stats;
}
