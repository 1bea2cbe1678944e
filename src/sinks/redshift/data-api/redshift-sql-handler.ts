/**
 * The logic of `RedshiftSql`'s custom resource: run SQL through the Redshift Data API when the
 * stack is deployed, updated and deleted, and hold the deployment until Redshift has run it.
 *
 * Plain functions over an injected `DataApi`, so that tests run them against a fake Data API;
 * the `*.lambda.ts` entries give them the AWS SDK's client.
 *
 * - Create: `CreateStatements` as one `BatchExecuteStatement` (`executionModeFor`: one
 *   transaction, or each statement committed in order when one may not run in a transaction).
 * - Update: the physical id is `<cluster or workgroup>/<database>/<logical id>/<hash>`, the
 *   hash being 12 hex characters of a SHA-256 of `DeleteStatements`, i.e. of what the resource
 *   owns. A new id makes CloudFormation delete the old resource once the stack is updated, with
 *   its old `DeleteStatements` (on its old target). So:
 *   - the target or the database changed: a new id; `CreateStatements` run on the new one;
 *   - `CreateStatements` unchanged: nothing runs, same id (changed credentials or delete
 *     statements alone say nothing about the objects);
 *   - `CreateStatements` changed, and `DeleteStatements` too, both non-empty and with no
 *     statement in common (the objects were renamed: a new view, a new external schema): a
 *     new id. Without it the old objects were never dropped, and a renamed streaming view kept
 *     refreshing forever;
 *   - `DeleteStatements` changed but share a statement (an object kept its name, e.g. the view
 *     when only its external schema was renamed): the same id, since the old resource's
 *     deletion would drop that object just recreated; instead the old statements that are not
 *     among the new ones run after `CreateStatements`, in the same batch;
 *   - otherwise (same `DeleteStatements`, or either list empty): the same id, and only
 *     `CreateStatements` run (so they must be safe to run again).
 *   An id of an older version (without the hash) is kept while no replacement is due.
 * - Delete: `DeleteStatements`, if any. A Delete whose target is gone (the cluster or workgroup
 *   not found, the database does not exist) succeeds without SQL: nothing is left to clean,
 *   and the stack must be deletable after its cluster was. Any other failure fails the
 *   deletion, so that objects still running (a streaming view reading a stream) are not left
 *   behind unseen; CloudFormation's retry can then retain the resource.
 * - isComplete: `DescribeStatement` until FINISHED. FAILED or ABORTED fails the deployment with
 *   Redshift's error and the statement that failed (its number and its first 200 characters).
 *
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_DescribeStatement.html
 */
import { createHash } from 'crypto';
import type { BatchExecuteStatementInput, DescribeStatementResponse, SubStatementData } from '@aws-sdk/client-redshift-data';
import { executionModeFor } from './execution-mode';

/** The custom resource's properties. */
export const SqlProperty = {
  CLUSTER_IDENTIFIER: 'ClusterIdentifier',
  WORKGROUP_NAME: 'WorkgroupName',
  DATABASE: 'Database',
  SECRET_ARN: 'SecretArn',
  DB_USER: 'DbUser',
  CREATE_STATEMENTS: 'CreateStatements',
  DELETE_STATEMENTS: 'DeleteStatements',
} as const;

/** How much of a failed statement the error message quotes. */
export const QUOTED_STATEMENT_CHARS = 200;

/** What the handlers call on the Data API: the SDK's client in Lambda (`sdkDataApi`), a fake in tests. */
export interface DataApi {
  /** `BatchExecuteStatement`: returns the batch's statement id. */
  batchExecuteStatement(input: BatchExecuteStatementInput): Promise<string>;
  /** `DescribeStatement` of a batch: its status and its sub-statements'. */
  describeStatement(id: string): Promise<DescribeStatementResponse>;
}

/** One structured log line. */
export type SqlLog = (entry: Record<string, unknown>) => void;

/** The fields of the Provider framework's events the handlers read. */
export interface RedshiftSqlEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  /** In isComplete's event: the `Data` that onEvent returned. */
  readonly Data?: Record<string, unknown>;
}

/** What onEvent did, carried to isComplete in `Data`. */
export interface RedshiftSqlOnEventResult {
  readonly PhysicalResourceId: string;
  readonly Data: {
    /** `submitted`: a batch runs (`StatementId`); `none`: nothing to wait for. */
    readonly Action: 'submitted' | 'none';
    readonly StatementId?: string;
    /** Which list runs: `create` or `delete`. */
    readonly Statements?: 'create' | 'delete';
    readonly ExecutionMode?: string;
  };
}

export interface RedshiftSqlIsCompleteResult {
  readonly IsComplete: boolean;
}

/** The Provider framework's onEvent. */
export async function onRedshiftSqlEvent(event: RedshiftSqlEvent, api: DataApi,
  log: SqlLog = () => undefined): Promise<RedshiftSqlOnEventResult> {
  const properties = event.ResourceProperties;
  const physicalId = physicalIdOf(event);
  if (event.RequestType === 'Delete') {
    const id = event.PhysicalResourceId ?? physicalId;
    const statements = statementsOf(properties, SqlProperty.DELETE_STATEMENTS, false);
    if (statements.length === 0) {
      log({ event: 'delete', physicalId: id, note: 'no delete statements: the objects stay in Redshift' });
      return { PhysicalResourceId: id, Data: { Action: 'none' } };
    }
    try {
      return { PhysicalResourceId: id, Data: await submit(event, api, statements, 'delete', log) };
    } catch (e) {
      if (targetIsGone(e)) {
        log({ event: 'target-gone', physicalId: id, error: errorText(e), note: 'nothing to delete' });
        return { PhysicalResourceId: id, Data: { Action: 'none' } };
      }
      throw e;
    }
  }
  const statements = statementsOf(properties, SqlProperty.CREATE_STATEMENTS, true);
  const old = event.OldResourceProperties;
  if (event.RequestType === 'Update' && event.PhysicalResourceId && old && placeOf(old, event) === placeOf(properties, event)) {
    const id = event.PhysicalResourceId;
    if (JSON.stringify(old[SqlProperty.CREATE_STATEMENTS]) === JSON.stringify(properties[SqlProperty.CREATE_STATEMENTS])) {
      log({ event: 'unchanged', physicalId: id, note: 'the create statements did not change: nothing runs' });
      return { PhysicalResourceId: id, Data: { Action: 'none' } };
    }
    const oldDeletes = statementsOf(old, SqlProperty.DELETE_STATEMENTS, false);
    const newDeletes = statementsOf(properties, SqlProperty.DELETE_STATEMENTS, false);
    const dropped = oldDeletes.filter(s => !newDeletes.includes(s));
    if (oldDeletes.length > 0 && newDeletes.length > 0 && dropped.length === oldDeletes.length) {
      log({ event: 'replaced', physicalId, oldPhysicalId: id, note: 'the delete statements changed: CloudFormation deletes the old objects' });
      return { PhysicalResourceId: physicalId, Data: await submit(event, api, statements, 'create', log) };
    }
    // Objects no longer owned, dropped after the create statements (which replaced what depended on them).
    const cleanup = newDeletes.length > 0 ? dropped : [];
    return { PhysicalResourceId: id, Data: await submit(event, api, [...statements, ...cleanup], 'create', log) };
  }
  return { PhysicalResourceId: physicalId, Data: await submit(event, api, statements, 'create', log) };
}

/** The Provider framework's isComplete, called every query interval until it answers true or throws. */
export async function isRedshiftSqlComplete(event: RedshiftSqlEvent, api: DataApi,
  log: SqlLog = () => undefined): Promise<RedshiftSqlIsCompleteResult> {
  const data = event.Data ?? {};
  if (data.Action !== 'submitted' || typeof data.StatementId !== 'string') {
    return { IsComplete: true };
  }
  const description = await api.describeStatement(data.StatementId);
  const status = description.Status;
  if (status === 'FINISHED') {
    log({ event: 'finished', statementId: data.StatementId, statements: data.Statements });
    return { IsComplete: true };
  }
  if (status === 'FAILED' || status === 'ABORTED') {
    const message = failureMessage(event, description);
    if (event.RequestType === 'Delete' && targetIsGone({ message: description.Error ?? '' })) {
      log({ event: 'target-gone', statementId: data.StatementId, error: description.Error, note: 'nothing to delete' });
      return { IsComplete: true };
    }
    throw new Error(message);
  }
  log({ event: 'waiting', statementId: data.StatementId, status });
  return { IsComplete: false };
}

/**
 * `<cluster or workgroup>/<database>/<logical id>/<hash of DeleteStatements>`: stable while the
 * target, the database and what the resource would delete are.
 */
export function physicalIdOf(event: RedshiftSqlEvent): string {
  const p = event.ResourceProperties;
  const deletes = JSON.stringify(p[SqlProperty.DELETE_STATEMENTS] ?? []);
  return `${placeOf(p, event)}/${createHash('sha256').update(deletes).digest('hex').slice(0, 12)}`;
}

/** `<cluster or workgroup>/<database>/<logical id>`: where the statements run. */
function placeOf(p: Record<string, unknown>, event: RedshiftSqlEvent): string {
  const target = p[SqlProperty.CLUSTER_IDENTIFIER] ?? p[SqlProperty.WORKGROUP_NAME];
  return `${String(target)}/${String(p[SqlProperty.DATABASE])}/${event.LogicalResourceId ?? 'RedshiftSql'}`;
}

async function submit(event: RedshiftSqlEvent, api: DataApi, statements: string[], which: 'create' | 'delete',
  log: SqlLog): Promise<RedshiftSqlOnEventResult['Data']> {
  const p = event.ResourceProperties;
  const executionMode = executionModeFor(statements);
  const input: BatchExecuteStatementInput = {
    Sqls: statements,
    Database: requiredString(p, SqlProperty.DATABASE),
    ...optionalString(p, SqlProperty.CLUSTER_IDENTIFIER),
    ...optionalString(p, SqlProperty.WORKGROUP_NAME),
    ...optionalString(p, SqlProperty.SECRET_ARN),
    ...(p[SqlProperty.SECRET_ARN] === undefined ? optionalString(p, SqlProperty.DB_USER) : {}),
    // The Data API's default is TRANSACTION; sent only when it is not, so that a list that may
    // run as a transaction never depends on the runtime's SDK knowing ExecutionMode.
    ...(executionMode === 'AUTO_COMMIT' ? { ExecutionMode: executionMode } : {}),
    StatementName: `${event.LogicalResourceId ?? 'RedshiftSql'}-${event.RequestType}`,
    ...(event.RequestId ? { ClientToken: `${event.RequestId}-${which}`.slice(0, 64) } : {}),
  };
  if (!input.ClusterIdentifier && !input.WorkgroupName) {
    throw new Error(`the custom resource needs ${SqlProperty.CLUSTER_IDENTIFIER} or ${SqlProperty.WORKGROUP_NAME}`);
  }
  const statementId = await api.batchExecuteStatement(input);
  log({ event: 'submitted', statements: which, count: statements.length, executionMode, statementId });
  return { Action: 'submitted', StatementId: statementId, Statements: which, ExecutionMode: executionMode };
}

/** Why the batch failed: which statement (number, first characters), Redshift's error, what that left. */
function failureMessage(event: RedshiftSqlEvent, description: DescribeStatementResponse): string {
  const data = event.Data ?? {};
  const which = data.Statements === 'delete' ? SqlProperty.DELETE_STATEMENTS : SqlProperty.CREATE_STATEMENTS;
  const statements = statementsOf(event.ResourceProperties, which, false);
  const subs = description.SubStatements ?? [];
  const failedAt = subs.findIndex(s => s.Status === 'FAILED' || s.Status === 'ABORTED');
  const mode = data.ExecutionMode === 'AUTO_COMMIT'
    ? 'Each statement before it was committed on its own; the list runs again on the next change of the statements.'
    : 'The list ran as one transaction: none of it was committed.';
  if (failedAt < 0) {
    return `Redshift SQL (${which}) is ${description.Status}: ${description.Error ?? 'no error given'}. ${mode}`;
  }
  const sub = subs[failedAt];
  const number = statementNumber(sub, failedAt);
  const text = sub.QueryString ?? statements[number - 1] ?? '';
  const quoted = text.length > QUOTED_STATEMENT_CHARS ? `${text.slice(0, QUOTED_STATEMENT_CHARS)}…` : text;
  return `Redshift SQL (${which}): statement ${number} of ${subs.length || statements.length} is ${sub.Status}: `
    + `${sub.Error ?? description.Error ?? 'no error given'}. Statement: ${quoted}. ${mode}`;
}

/** A sub-statement's 1-based number: its id's `:N` suffix, or its place in the list. */
function statementNumber(sub: SubStatementData, index: number): number {
  const suffix = /:(\d+)$/.exec(sub.Id ?? '');
  return suffix ? Number(suffix[1]) : index + 1;
}

/**
 * Whether an error says the target is gone: the cluster or workgroup does not exist, or the
 * database does not. The Data API documents no error code for either, so this reads the
 * exception's name (`ResourceNotFoundException`) and Redshift's and the Data API's messages.
 */
export function targetIsGone(e: unknown): boolean {
  const name = (e as { name?: string }).name ?? '';
  const message = (e as { message?: string }).message ?? '';
  return name === 'ResourceNotFoundException'
    || /\b(cluster|workgroup)\b[^.]*\b(not found|does not exist|could not be found)\b/i.test(message)
    || /\bdatabase "[^"]*" does not exist\b/i.test(message);
}

function errorText(e: unknown): string {
  return `${(e as { name?: string }).name ?? 'Error'}: ${(e as { message?: string }).message ?? String(e)}`;
}

function statementsOf(properties: Record<string, unknown>, name: string, required: boolean): string[] {
  const value = properties[name] ?? [];
  if (!Array.isArray(value) || value.some(s => typeof s !== 'string' || s.trim().length === 0)
    || (required && value.length === 0)) {
    throw new Error(`the custom resource's ${name} property must be a list of SQL statements${required ? ', at least one' : ''} `
      + `(got ${JSON.stringify(value)})`);
  }
  return value as string[];
}

function requiredString(properties: Record<string, unknown>, name: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`the custom resource's ${name} property is missing (got ${JSON.stringify(value)})`);
  }
  return value;
}

function optionalString(properties: Record<string, unknown>, name: string): Record<string, string> {
  const value = properties[name];
  return typeof value === 'string' && value.length > 0 ? { [name]: value } : {};
}
