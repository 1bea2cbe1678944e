import { createHash } from 'crypto';
import { Token } from 'aws-cdk-lib';
import { redshiftColumnType } from './redshift-column-type';
import { createSchemaSql, DEFAULT_SCHEMA, qualifiedTableName, RedshiftTableName } from './redshift-table-name';
import { checkIdentifier, MAX_IDENTIFIER_BYTES, quoteIdentifier, quoteLiteral } from './sql/identifiers';
import { InputError } from '../../common/input-error';
import { StreamSchema } from '../../schema/stream-schema';

/** Kinesis stream names: 1-128 of a-z, A-Z, 0-9, `_`, `.` and `-`. */
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** The Kinesis metadata columns every streaming materialized view keeps, in this order. */
export const STREAM_METADATA_COLUMNS = ['approximate_arrival_timestamp', 'partition_key', 'shard_id', 'sequence_number', 'refresh_time'];

/** Props of `streamingIngestionSql`. */
export interface StreamingIngestionSqlProps {
  /**
   * The external schema that maps the Kinesis streams into the database. It is this view's
   * own: the statements drop and recreate it (so that a changed `roleArn` takes effect), and
   * the delete statements drop it; `externalSchemaName(view)` names it for the view's schema and name.
   */
  readonly externalSchema: string;
  /** The Kinesis stream's name, as written (case-sensitive; may be a token). */
  readonly streamName: string;
  /** The role Redshift assumes to read the stream; it must be associated with the cluster or namespace. */
  readonly roleArn: string;
  /** The materialized view the stream lands in (a local schema: an external schema holds no views). */
  readonly view: RedshiftTableName;
  /**
   * The stream's records: when given, a plain view `columnsView` shows each column typed.
   * @default - only the materialized view, with the record as SUPER in `payload`
   */
  readonly schema?: StreamSchema;
  /**
   * The name of the typed view, in the materialized view's schema.
   * @default - the materialized view's name followed by `_columns`
   */
  readonly columnsViewName?: string;
}

/**
 * The external schema of the materialized view `<schema>.<table>`: `kinesis_<schema>_<table>`.
 *
 * Why both names: the ingestion statements drop and recreate the external schema (and the
 * delete statements drop it), so it must be the view's own. Named for the table only, two
 * views of the same name in two schemas (`sales.orders`, `audit.orders`) would share it and
 * drop each other's. Beyond Redshift's 127-byte identifier limit, the name is cut to 118
 * bytes and ends in `_` and 8 hex characters of a SHA-256 of `<schema>.<table>`, so that two
 * long names that share their start stay apart. Checked as an identifier (`checkIdentifier`).
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
 */
export function externalSchemaName(view: RedshiftTableName): string {
  const schema = view.schema ?? DEFAULT_SCHEMA;
  const full = `kinesis_${schema}_${view.table}`;
  const name = Buffer.byteLength(full, 'utf-8') <= MAX_IDENTIFIER_BYTES ? full
    : `${Buffer.from(full, 'utf-8').subarray(0, MAX_IDENTIFIER_BYTES - 9).toString('utf-8').replace(/\uFFFD+$/, '')}_`
      + createHash('sha256').update(`${schema}.${view.table}`).digest('hex').slice(0, 8);
  checkIdentifier(name, 'externalSchema');
  return name;
}

/** One set of statements `RedshiftSql` runs: what creates it (safe to run again) and what drops it. */
export interface SqlStatements {
  /** Run on create and whenever they change. */
  readonly createStatements: string[];
  /** Run on delete. */
  readonly deleteStatements: string[];
}

/** What `streamingIngestionSql` returns: two sets, for two `RedshiftSql` resources. */
export interface StreamingIngestionSql {
  /** The external schema and the materialized view. */
  readonly ingestion: SqlStatements;
  /**
   * The typed view over the materialized view, when a schema was given: a resource of its own,
   * run after `ingestion`, so that a changed schema replaces this view only and never the
   * materialized view and its data.
   */
  readonly columnsView?: SqlStatements;
}

/**
 * The statements of Redshift streaming ingestion from a Kinesis data stream.
 *
 * `ingestion.createStatements`, in order:
 * 1. `SET enable_case_sensitive_identifier TO true`: Kinesis stream names are case-sensitive and
 *    CloudFormation names streams in mixed case; without it Redshift folds even the quoted
 *    stream name to lower case and finds no stream. It holds for the session, which is why
 *    `RedshiftSql` runs a list in one `BatchExecuteStatement` (one session).
 * 2. `DROP MATERIALIZED VIEW IF EXISTS` and `DROP SCHEMA IF EXISTS` the external schema, then
 *    `CREATE EXTERNAL SCHEMA … FROM KINESIS IAM_ROLE '<role>'`: CREATE MATERIALIZED VIEW has no
 *    IF NOT EXISTS, and an existing external schema would keep an old role, so the list drops
 *    what it creates first and can run again.
 * 3. `CREATE SCHEMA IF NOT EXISTS` for a view schema other than `public`.
 * 4. `CREATE MATERIALIZED VIEW "schema"."view" AUTO REFRESH YES AS SELECT <metadata columns>,
 *    JSON_PARSE(kinesis_data) AS payload FROM "external"."<stream>" WHERE CAN_JSON_PARSE(kinesis_data)`.
 *
 * Why the record lands as SUPER rather than typed columns: AWS recommends JSON_PARSE into SUPER
 * and PartiQL on top, because `JSON_EXTRACT_PATH_TEXT` re-parses the record for every column,
 * fails on records over 64 KB, and a cast that fails (a string where a number should be) fails
 * the refresh that ingests it, stalling ingestion; navigating SUPER inside the streaming view
 * itself is refused by Redshift. So the typed columns are a plain late-binding view
 * (`columnsView`, with `schema`): `payload."<column>"` cast to `redshiftColumnType`
 * (TIMESTAMP and DATE through VARCHAR; arrays stay SUPER). A cast that fails there fails the
 * query that reads it, not ingestion. `WITH NO SCHEMA BINDING` lets the materialized view be
 * dropped and recreated under it.
 *
 * What running `ingestion` again costs (a deployment that changes the stream, the role or the
 * view): the materialized view is new, and its first refresh reads the stream from its trim
 * horizon: records still in the stream's retention are ingested again, records older than the
 * retention are gone from the view. Records that are not valid JSON are not in the view, nor
 * are records over VARBYTE's 1,024,000 bytes (Redshift skips them).
 *
 * `ingestion.deleteStatements`: `DROP MATERIALIZED VIEW IF EXISTS`, then `DROP SCHEMA IF EXISTS`
 * the external schema (which holds no data). `columnsView.deleteStatements`: `DROP VIEW IF EXISTS`.
 * A view schema this created is never dropped: other objects may live in it.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion-getting-started.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_SCHEMA.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_enable_case_sensitive_identifier.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_VIEW.html
 */
export function streamingIngestionSql(props: StreamingIngestionSqlProps): StreamingIngestionSql {
  if (!Token.isUnresolved(props.streamName) && !STREAM_NAME.test(props.streamName)) {
    throw new InputError(`\`streamName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${props.streamName}'`);
  }
  const external = quoteIdentifier(props.externalSchema, 'externalSchema');
  const view = qualifiedTableName(props.view, 'view');
  const metadata = STREAM_METADATA_COLUMNS.join(', ');
  const ingestion: SqlStatements = {
    createStatements: [
      'SET enable_case_sensitive_identifier TO true',
      `DROP MATERIALIZED VIEW IF EXISTS ${view}`,
      `DROP SCHEMA IF EXISTS ${external}`,
      `CREATE EXTERNAL SCHEMA ${external} FROM KINESIS IAM_ROLE ${quoteLiteral(props.roleArn)}`,
      ...createSchemaSql(props.view, 'view'),
      `CREATE MATERIALIZED VIEW ${view} AUTO REFRESH YES AS SELECT ${metadata}, JSON_PARSE(kinesis_data) AS payload `
        + `FROM ${external}."${props.streamName}" WHERE CAN_JSON_PARSE(kinesis_data)`,
    ],
    deleteStatements: [
      `DROP MATERIALIZED VIEW IF EXISTS ${view}`,
      `DROP SCHEMA IF EXISTS ${external}`,
    ],
  };
  if (!props.schema) {
    return { ingestion };
  }
  const columnsView = qualifiedTableName({ schema: props.view.schema, table: props.columnsViewName ?? `${props.view.table}_columns` }, 'columnsView');
  const columns = props.schema.columns.map(column => {
    const name = quoteIdentifier(column.name, 'column');
    return `${superCast(`payload.${name}`, redshiftColumnType(column.type))} AS ${name}`;
  });
  return {
    ingestion,
    columnsView: {
      createStatements: [
        `DROP VIEW IF EXISTS ${columnsView}`,
        `CREATE VIEW ${columnsView} AS SELECT ${metadata}, ${columns.join(', ')} FROM ${view} WITH NO SCHEMA BINDING`,
      ],
      deleteStatements: [`DROP VIEW IF EXISTS ${columnsView}`],
    },
  };
}

/**
 * A SUPER value as `type`: SUPER stays as it is; TIMESTAMP and DATE go through VARCHAR (a JSON
 * string in SUPER casts to VARCHAR, and VARCHAR to a date or time); the other scalars cast directly.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_CAST_function.html
 */
function superCast(value: string, type: string): string {
  if (type === 'SUPER') {
    return value;
  }
  if (type === 'TIMESTAMP' || type === 'DATE') {
    return `${value}::VARCHAR::${type}`;
  }
  return `${value}::${type}`;
}
