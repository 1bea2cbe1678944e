import { quoteIdentifier } from './sql/identifiers';

/** Redshift's default schema, in every database. */
export const DEFAULT_SCHEMA = 'public';

/**
 * A table (or view) in a Redshift database: its schema and its name. Both are lower-case
 * identifiers of at most 127 bytes (see `quoteIdentifier`), quoted in every statement.
 */
export interface RedshiftTableName {
  /**
   * The schema the table is in. A schema other than `public` is created if it is missing.
   * @default 'public'
   */
  readonly schema?: string;
  /** The table's name. */
  readonly table: string;
}

/**
 * `"schema"."table"`, checked and quoted: the form every generated statement uses, and the
 * form Firehose's COPY takes as its `DataTableName`.
 *
 * @param what the prop the name came from, for error messages
 */
export function qualifiedTableName(name: RedshiftTableName, what = 'table'): string {
  return `${quoteIdentifier(name.schema ?? DEFAULT_SCHEMA, `${what}.schema`)}.${quoteIdentifier(name.table, `${what}.table`)}`;
}

/**
 * `CREATE SCHEMA IF NOT EXISTS "schema"` when the table is outside `public`, so that the
 * statements creating it can run on a fresh database; nothing for `public`, which always exists.
 * The schema is never dropped by the library: other objects may live in it.
 */
export function createSchemaSql(name: RedshiftTableName, what = 'table'): string[] {
  const schema = name.schema ?? DEFAULT_SCHEMA;
  return schema === DEFAULT_SCHEMA ? [] : [`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema, `${what}.schema`)}`];
}
