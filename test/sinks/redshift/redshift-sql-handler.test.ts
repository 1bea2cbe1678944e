import * as http from 'http';
import { AddressInfo } from 'net';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import {
  DataApi, isRedshiftSqlComplete, onRedshiftSqlEvent, RedshiftSqlEvent,
} from '../../../src/sinks/redshift/data-api/redshift-sql-handler';
import { requireExecutionMode, sdkDataApi } from '../../../src/sinks/redshift/data-api/sdk-data-api';

interface FakeBatch {
  readonly id: string;
  readonly request: Record<string, any>;
  status: string;
  error?: string;
  subStatuses: Array<{ status: string; error?: string }>;
}

/**
 * The Redshift Data API as the SDK's JSON protocol sees it (`X-Amz-Target: RedshiftData.<Operation>`),
 * on 127.0.0.1: BatchExecuteStatement records the batch as SUBMITTED; the test then moves it
 * (`start`, `finish`, `fail`, `abort`); DescribeStatement reports it with its sub-statements.
 */
class FakeDataApi {
  public readonly batches: FakeBatch[] = [];
  public readonly calls: string[] = [];
  /** The error the next BatchExecuteStatement answers with. */
  public rejectNext?: { type: string; message: string };
  private server?: http.Server;

  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => { body += chunk; });
      req.on('end', () => {
        const operation = String(req.headers['x-amz-target']).replace('RedshiftData.', '');
        this.calls.push(operation);
        const [status, answer] = this.answer(operation, JSON.parse(body || '{}'));
        res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise(resolve => this.server?.close(resolve));
  }

  get last(): FakeBatch {
    return this.batches[this.batches.length - 1];
  }

  start(): void { this.last.status = 'STARTED'; }

  finish(): void {
    this.last.status = 'FINISHED';
    this.last.subStatuses = this.last.subStatuses.map(() => ({ status: 'FINISHED' }));
  }

  /** Statement `index` (0-based) fails: those before it FINISHED, those after it not run. */
  fail(index: number, error: string): void {
    this.last.status = 'FAILED';
    this.last.error = error;
    this.last.subStatuses = this.last.subStatuses.map((_, i) =>
      i < index ? { status: 'FINISHED' } : i === index ? { status: 'FAILED', error } : { status: 'ABORTED' });
  }

  abort(): void {
    this.last.status = 'ABORTED';
    this.last.subStatuses = this.last.subStatuses.map(() => ({ status: 'ABORTED' }));
  }

  private answer(operation: string, input: Record<string, any>): [number, object] {
    if (operation === 'BatchExecuteStatement') {
      if (this.rejectNext) {
        const { type, message } = this.rejectNext;
        this.rejectNext = undefined;
        return [400, { __type: type, message }];
      }
      const id = `0000000${this.batches.length + 1}-aaaa-bbbb-cccc-dddddddddddd`;
      this.batches.push({ id, request: input, status: 'SUBMITTED', subStatuses: input.Sqls.map(() => ({ status: 'SUBMITTED' })) });
      return [200, { Id: id, Database: input.Database, ClusterIdentifier: input.ClusterIdentifier }];
    }
    if (operation === 'DescribeStatement') {
      const batch = this.batches.find(b => b.id === input.Id);
      if (!batch) {
        return [400, { __type: 'ResourceNotFoundException', message: `Query does not exist: ${input.Id}` }];
      }
      return [200, {
        Id: batch.id,
        Status: batch.status,
        Error: batch.error,
        SubStatements: batch.subStatuses.map((s, i) => ({
          Id: `${batch.id}:${i + 1}`, Status: s.status, Error: s.error, QueryString: batch.request.Sqls[i],
        })),
      }];
    }
    return [400, { __type: 'ValidationException', message: `unexpected operation ${operation}` }];
  }
}

const fake = new FakeDataApi();
let api: DataApi;

beforeAll(async () => {
  const endpoint = await fake.listen();
  api = sdkDataApi(new RedshiftDataClient({
    endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1,
  }));
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.batches.length = 0;
  fake.calls.length = 0;
});

const TABLE = [
  'CREATE SCHEMA IF NOT EXISTS "shop"',
  'CREATE TABLE IF NOT EXISTS "shop"."orders" ("order_id" VARCHAR(65535) NOT NULL)',
];
const STREAMING = [
  'SET enable_case_sensitive_identifier TO true',
  'DROP MATERIALIZED VIEW IF EXISTS "public"."orders"',
  'DROP SCHEMA IF EXISTS "orders_stream"',
  'CREATE EXTERNAL SCHEMA "orders_stream" FROM KINESIS IAM_ROLE \'arn:aws:iam::111111111111:role/reader\'',
  `CREATE MATERIALIZED VIEW "public"."orders" AUTO REFRESH YES AS SELECT ${'approximate_arrival_timestamp, '.repeat(10)}`
    + 'JSON_PARSE(kinesis_data) AS payload FROM "orders_stream"."Orders" WHERE CAN_JSON_PARSE(kinesis_data)',
];
const CLUSTER = { ClusterIdentifier: 'analytics', Database: 'dev', SecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:admin-AbCdEf' };

function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, extra: Partial<RedshiftSqlEvent> = {}): RedshiftSqlEvent {
  return { RequestType: requestType, RequestId: 'req-1', LogicalResourceId: 'OrdersTable', ResourceProperties: properties, ...extra };
}

/** isComplete's event: the request plus what onEvent returned, as the Provider framework merges them. */
function completing(e: RedshiftSqlEvent, result: { PhysicalResourceId: string; Data: object }): RedshiftSqlEvent {
  return { ...e, PhysicalResourceId: result.PhysicalResourceId, Data: JSON.parse(JSON.stringify(result.Data)) };
}

describe('Create', () => {
  test('a list that may run in a transaction: one BatchExecuteStatement in order, no ExecutionMode, with the secret', async () => {
    const create = event('Create', { ...CLUSTER, CreateStatements: TABLE, DeleteStatements: [] });

    const result = await onRedshiftSqlEvent(create, api);

    // The physical id ends in a hash of the delete statements (what the resource owns).
    expect(result).toEqual({
      PhysicalResourceId: expect.stringMatching(/^analytics\/dev\/OrdersTable\/[0-9a-f]{12}$/),
      Data: { Action: 'submitted', StatementId: fake.last.id, Statements: 'create', ExecutionMode: 'TRANSACTION' },
    });
    expect(fake.calls).toEqual(['BatchExecuteStatement']);
    expect(fake.last.request).toEqual({
      Sqls: TABLE,
      Database: 'dev',
      ClusterIdentifier: 'analytics',
      SecretArn: CLUSTER.SecretArn,
      StatementName: 'OrdersTable-Create',
      ClientToken: 'req-1-create',
    });

    const e = completing(create, result);
    expect(await isRedshiftSqlComplete(e, api)).toEqual({ IsComplete: false });
    fake.start();
    expect(await isRedshiftSqlComplete(e, api)).toEqual({ IsComplete: false });
    fake.finish();
    expect(await isRedshiftSqlComplete(e, api)).toEqual({ IsComplete: true });
    expect(fake.calls).toEqual(['BatchExecuteStatement', 'DescribeStatement', 'DescribeStatement', 'DescribeStatement']);
  });

  test('streaming ingestion (external schema, materialized view): the same one call, each statement committed in order', async () => {
    const result = await onRedshiftSqlEvent(event('Create', { WorkgroupName: 'analytics-wg', Database: 'dev', CreateStatements: STREAMING }), api);

    expect(result.Data.ExecutionMode).toBe('AUTO_COMMIT');
    expect(fake.last.request).toEqual({
      Sqls: STREAMING,
      Database: 'dev',
      WorkgroupName: 'analytics-wg',
      ExecutionMode: 'AUTO_COMMIT',
      StatementName: 'OrdersTable-Create',
      ClientToken: 'req-1-create',
    });
  });

  test('a cluster without a secret connects as the database user', async () => {
    await onRedshiftSqlEvent(event('Create', { ClusterIdentifier: 'analytics', Database: 'dev', DbUser: 'loader', CreateStatements: TABLE }), api);
    expect(fake.last.request).toMatchObject({ ClusterIdentifier: 'analytics', Database: 'dev', DbUser: 'loader' });
    expect(fake.last.request.SecretArn).toBeUndefined();
  });

  test('a workgroup without a secret sends no credentials (the role\'s temporary ones)', async () => {
    await onRedshiftSqlEvent(event('Create', { WorkgroupName: 'analytics-wg', Database: 'dev', CreateStatements: TABLE }), api);
    expect(Object.keys(fake.last.request).sort()).toEqual(['ClientToken', 'Database', 'Sqls', 'StatementName', 'WorkgroupName']);
  });

  test('FAILED: the error names the statement, its first 200 characters and Redshift\'s error; AUTO_COMMIT says what was committed', async () => {
    const create = event('Create', { WorkgroupName: 'analytics-wg', Database: 'dev', CreateStatements: STREAMING });
    const e = completing(create, await onRedshiftSqlEvent(create, api));
    fake.fail(4, 'ERROR: Not authorized to get credentials of role arn:aws:iam::111111111111:role/reader');

    await expect(isRedshiftSqlComplete(e, api)).rejects.toThrow(
      'Redshift SQL (CreateStatements): statement 5 of 5 is FAILED: ERROR: Not authorized to get credentials of role '
      + `arn:aws:iam::111111111111:role/reader. Statement: ${STREAMING[4].slice(0, 200)}…. Each statement before it was committed `
      + 'on its own; the list runs again on the next change of the statements.');
    expect(STREAMING[4].length).toBeGreaterThan(200);
  });

  test('FAILED in a transaction: nothing was committed', async () => {
    const create = event('Create', { ...CLUSTER, CreateStatements: TABLE });
    const e = completing(create, await onRedshiftSqlEvent(create, api));
    fake.fail(1, 'ERROR: permission denied for schema shop');

    await expect(isRedshiftSqlComplete(e, api)).rejects.toThrow(
      `Redshift SQL (CreateStatements): statement 2 of 2 is FAILED: ERROR: permission denied for schema shop. Statement: ${TABLE[1]}. `
      + 'The list ran as one transaction: none of it was committed.');
  });

  test('ABORTED (cancelled) fails the deployment', async () => {
    const create = event('Create', { ...CLUSTER, CreateStatements: TABLE });
    const e = completing(create, await onRedshiftSqlEvent(create, api));
    fake.abort();

    await expect(isRedshiftSqlComplete(e, api)).rejects.toThrow(`Redshift SQL (CreateStatements): statement 1 of 2 is ABORTED: no error given. Statement: ${TABLE[0]}.`);
  });

  test('a Data API refusal fails onEvent with its error', async () => {
    fake.rejectNext = { type: 'ValidationException', message: 'Redshift endpoint doesn\'t exist in this region.' };
    await expect(onRedshiftSqlEvent(event('Create', { ...CLUSTER, CreateStatements: TABLE }), api))
      .rejects.toThrow('Redshift endpoint doesn\'t exist in this region.');
  });
});

describe('Update', () => {
  const props = { ...CLUSTER, CreateStatements: TABLE, DeleteStatements: ['DROP TABLE IF EXISTS "shop"."orders"'] };
  const update = (old: Record<string, unknown>, now: Record<string, unknown>) =>
    event('Update', now, { PhysicalResourceId: 'analytics/dev/OrdersTable', OldResourceProperties: old });

  test('unchanged create statements (only the delete statements or the credentials changed): nothing runs, same physical id', async () => {
    const result = await onRedshiftSqlEvent(update(props, { ...props, DeleteStatements: [], SecretArn: 'arn:other' }), api);

    expect(result).toEqual({ PhysicalResourceId: 'analytics/dev/OrdersTable', Data: { Action: 'none' } });
    expect(await isRedshiftSqlComplete(completing(update(props, props), result), api)).toEqual({ IsComplete: true });
    expect(fake.calls).toEqual([]);
  });

  test('changed create statements: the new ones run, not the old delete statements; same physical id', async () => {
    const changed = [...TABLE, 'COMMENT ON TABLE "shop"."orders" IS \'Orders\''];
    const result = await onRedshiftSqlEvent(update(props, { ...props, CreateStatements: changed }), api);

    expect(result.PhysicalResourceId).toBe('analytics/dev/OrdersTable');
    expect(fake.batches.map(b => b.request.Sqls)).toEqual([changed]);
    expect(fake.last.request.StatementName).toBe('OrdersTable-Update');
  });

  test('a new database: a new physical id (CloudFormation then deletes the old), and the statements run there', async () => {
    const result = await onRedshiftSqlEvent(update(props, { ...props, Database: 'prod' }), api);

    expect(result.PhysicalResourceId).toMatch(/^analytics\/prod\/OrdersTable\/[0-9a-f]{12}$/);
    expect(fake.last.request).toMatchObject({ Database: 'prod', Sqls: TABLE });
  });
});

describe('Update of streaming ingestion: renamed objects', () => {
  const VIEW = (schema: string, table: string) => ({
    WorkgroupName: 'analytics-wg',
    Database: 'dev',
    CreateStatements: [
      'SET enable_case_sensitive_identifier TO true',
      `DROP MATERIALIZED VIEW IF EXISTS "${schema}"."${table}"`,
      `DROP SCHEMA IF EXISTS "kinesis_${schema}_${table}"`,
      `CREATE EXTERNAL SCHEMA "kinesis_${schema}_${table}" FROM KINESIS IAM_ROLE 'arn:aws:iam::111111111111:role/reader'`,
      `CREATE MATERIALIZED VIEW "${schema}"."${table}" AUTO REFRESH YES AS SELECT refresh_time FROM "kinesis_${schema}_${table}"."Orders"`,
    ],
    DeleteStatements: [`DROP MATERIALIZED VIEW IF EXISTS "${schema}"."${table}"`, `DROP SCHEMA IF EXISTS "kinesis_${schema}_${table}"`],
  });
  const created = async (props: Record<string, unknown>) => (await onRedshiftSqlEvent(event('Create', props), api)).PhysicalResourceId;
  const update = (id: string, old: Record<string, unknown>, now: Record<string, unknown>) =>
    event('Update', now, { PhysicalResourceId: id, OldResourceProperties: old });

  test('a renamed view (other delete statements, none in common): a new physical id, so CloudFormation deletes the old view and schema', async () => {
    const id = await created(VIEW('public', 'orders'));
    const result = await onRedshiftSqlEvent(update(id, VIEW('public', 'orders'), VIEW('sales', 'orders')), api);

    expect(result.PhysicalResourceId).not.toBe(id);
    expect(result.PhysicalResourceId).toBe(await created(VIEW('sales', 'orders')));
    // Only the new create statements run now: the old ones are dropped by the Delete of the old id.
    expect(fake.last.request.Sqls).toEqual(VIEW('sales', 'orders').CreateStatements);
  });

  test('the same delete statements (a new role): the same physical id, the create statements run again', async () => {
    const id = await created(VIEW('public', 'orders'));
    const now = { ...VIEW('public', 'orders'), CreateStatements: VIEW('public', 'orders').CreateStatements.map(s => s.replace('reader', 'reader2')) };
    const result = await onRedshiftSqlEvent(update(id, VIEW('public', 'orders'), now), api);

    expect(result.PhysicalResourceId).toBe(id);
    expect(fake.last.request.Sqls).toEqual(now.CreateStatements);
  });

  test('the id of an older version (no hash) is kept while the delete statements are unchanged: no replacement on upgrade', async () => {
    const result = await onRedshiftSqlEvent(update('analytics-wg/dev/OrdersTable', VIEW('public', 'orders'),
      { ...VIEW('public', 'orders'), CreateStatements: [...VIEW('public', 'orders').CreateStatements, 'COMMENT ON VIEW x IS \'y\''] }), api);
    expect(result.PhysicalResourceId).toBe('analytics-wg/dev/OrdersTable');
  });

  test('delete statements in common (the view kept its name, its external schema was renamed): the same id, the old schema dropped after the create statements', async () => {
    const rename = (list: string[]) => list.map(s => s.replace(/kinesis_public_orders/g, 'kinesis_orders'));
    const old = {
      ...VIEW('public', 'orders'),
      CreateStatements: rename(VIEW('public', 'orders').CreateStatements),
      DeleteStatements: rename(VIEW('public', 'orders').DeleteStatements),
    };
    const result = await onRedshiftSqlEvent(update('analytics-wg/dev/OrdersTable', old, VIEW('public', 'orders')), api);

    // A replacement would make the old resource's Delete drop "public"."orders", which the create statements just recreated.
    expect(result.PhysicalResourceId).toBe('analytics-wg/dev/OrdersTable');
    expect(fake.last.request.Sqls).toEqual([...VIEW('public', 'orders').CreateStatements, 'DROP SCHEMA IF EXISTS "kinesis_orders"']);
    expect(fake.last.request.ExecutionMode).toBe('AUTO_COMMIT');
  });
});

describe('Delete', () => {
  const del = (props: Record<string, unknown>) => event('Delete', props, { PhysicalResourceId: 'analytics/dev/OrdersTable' });

  test('runs the delete statements and keeps the physical id', async () => {
    const e = del({ ...CLUSTER, CreateStatements: TABLE, DeleteStatements: STREAMING.slice(1, 3) });
    const result = await onRedshiftSqlEvent(e, api);

    expect(result).toEqual({
      PhysicalResourceId: 'analytics/dev/OrdersTable',
      Data: { Action: 'submitted', StatementId: fake.last.id, Statements: 'delete', ExecutionMode: 'AUTO_COMMIT' },
    });
    expect(fake.last.request).toMatchObject({ Sqls: STREAMING.slice(1, 3), ClientToken: 'req-1-delete', StatementName: 'OrdersTable-Delete' });
    fake.finish();
    expect(await isRedshiftSqlComplete(completing(e, result), api)).toEqual({ IsComplete: true });
  });

  test('no delete statements: nothing runs', async () => {
    const result = await onRedshiftSqlEvent(del({ ...CLUSTER, CreateStatements: TABLE }), api);
    expect(result.Data).toEqual({ Action: 'none' });
    expect(fake.calls).toEqual([]);
  });

  test.each([
    ['ResourceNotFoundException', 'Workgroup analytics-wg not found.'],
    ['ValidationException', 'Cluster analytics not found.'],
  ])('the target is gone (%s: %s): the delete succeeds without SQL', async (type, message) => {
    fake.rejectNext = { type, message };
    const result = await onRedshiftSqlEvent(del({ ...CLUSTER, CreateStatements: TABLE, DeleteStatements: ['DROP TABLE IF EXISTS "shop"."orders"'] }), api);
    expect(result).toEqual({ PhysicalResourceId: 'analytics/dev/OrdersTable', Data: { Action: 'none' } });
  });

  test('the database is gone: the failed statement does not block the deletion', async () => {
    const e = del({ ...CLUSTER, CreateStatements: TABLE, DeleteStatements: ['DROP TABLE IF EXISTS "shop"."orders"'] });
    const result = await onRedshiftSqlEvent(e, api);
    fake.fail(0, 'FATAL: database "dev" does not exist');
    expect(await isRedshiftSqlComplete(completing(e, result), api)).toEqual({ IsComplete: true });
  });

  test('any other failure of a delete statement fails the deletion', async () => {
    const e = del({ ...CLUSTER, CreateStatements: TABLE, DeleteStatements: ['DROP SCHEMA IF EXISTS "orders_stream"'] });
    const result = await onRedshiftSqlEvent(e, api);
    fake.fail(0, 'ERROR: cannot drop schema orders_stream because other objects depend on it');
    await expect(isRedshiftSqlComplete(completing(e, result), api)).rejects.toThrow(
      'Redshift SQL (DeleteStatements): statement 1 of 1 is FAILED: ERROR: cannot drop schema orders_stream because other objects depend on it.');
  });

  test('a refusal that is not about a missing target fails the deletion', async () => {
    fake.rejectNext = { type: 'AccessDeniedException', message: 'not authorized to perform redshift-data:BatchExecuteStatement' };
    await expect(onRedshiftSqlEvent(del({ ...CLUSTER, CreateStatements: TABLE, DeleteStatements: ['DROP TABLE t'] }), api))
      .rejects.toThrow('not authorized to perform redshift-data:BatchExecuteStatement');
  });
});

describe('properties', () => {
  test.each([
    [{ ...CLUSTER, CreateStatements: [] }, 'the custom resource\'s CreateStatements property must be a list of SQL statements, at least one (got [])'],
    [{ ...CLUSTER, CreateStatements: 'SELECT 1' }, 'the custom resource\'s CreateStatements property must be a list of SQL statements, at least one (got "SELECT 1")'],
    [{ ClusterIdentifier: 'analytics', CreateStatements: TABLE }, 'the custom resource\'s Database property is missing (got undefined)'],
    [{ Database: 'dev', CreateStatements: TABLE }, 'the custom resource needs ClusterIdentifier or WorkgroupName'],
  ])('%o is refused', async (props, message) => {
    await expect(onRedshiftSqlEvent(event('Create', props), api)).rejects.toThrow(message);
    expect(fake.calls).toEqual([]);
  });
});

describe('requireExecutionMode', () => {
  test('refuses a request whose body lost the ExecutionMode its input had (an SDK that predates it)', async () => {
    const next = jest.fn(async () => ({}));
    await expect(requireExecutionMode(next)({ input: { ExecutionMode: 'AUTO_COMMIT' }, request: { body: '{"Sqls":["x"]}' } }))
      .rejects.toThrow('this AWS SDK does not send BatchExecuteStatement\'s ExecutionMode (AUTO_COMMIT)');
    expect(next).not.toHaveBeenCalled();
  });

  test('passes a request that carries it, or has none', async () => {
    const next = jest.fn(async () => ({}));
    await requireExecutionMode(next)({ input: { ExecutionMode: 'AUTO_COMMIT' }, request: { body: '{"ExecutionMode":"AUTO_COMMIT"}' } });
    await requireExecutionMode(next)({ input: {}, request: { body: '{}' } });
    expect(next).toHaveBeenCalledTimes(2);
  });
});
