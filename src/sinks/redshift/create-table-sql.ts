import { redshiftColumnType } from './redshift-column-type';
import { createSchemaSql, qualifiedTableName, RedshiftTableName } from './redshift-table-name';
import { quoteIdentifier, quoteLiteral } from './sql/identifiers';
import { StreamSchema } from '../../schema/stream-schema';

/**
 * The statements that create the table Firehose's COPY loads a `StreamSchema`'s records into,
 * safe to run again (a `RedshiftSql` runs them on every change):
 * 1. `CREATE SCHEMA IF NOT EXISTS` for a schema other than `public`;
 * 2. `CREATE TABLE IF NOT EXISTS "schema"."table" (…)`, one column per schema column with
 *    `redshiftColumnType`, `NOT NULL` where the column is not nullable (a record without it
 *    then fails its COPY batch, which Firehose retries and then gives up to its error prefix:
 *    the schema said it is always there);
 * 3. `COMMENT ON TABLE` (the schema's description) and `COMMENT ON COLUMN` for each column with
 *    a comment, so the catalog (`PG_DESCRIPTION`, the query editor) says what the data means.
 *    Comments are statements of their own: Redshift's CREATE TABLE takes none.
 *
 * An existing table is left as it is: a changed schema does not alter it (Redshift's
 * `ALTER TABLE ADD COLUMN` has no IF NOT EXISTS), and COPY fails on a column the table lacks.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_NEW.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_COMMENT.html
 */
export function createTableSql(schema: StreamSchema, table: RedshiftTableName): string[] {
  const qualified = qualifiedTableName(table);
  const columns = schema.columns.map(column => {
    const notNull = column.nullable === false ? ' NOT NULL' : '';
    return `${quoteIdentifier(column.name, 'column')} ${redshiftColumnType(column.type)}${notNull}`;
  });
  const statements = [
    ...createSchemaSql(table),
    `CREATE TABLE IF NOT EXISTS ${qualified} (${columns.join(', ')})`,
  ];
  if (schema.description !== undefined) {
    statements.push(`COMMENT ON TABLE ${qualified} IS ${quoteLiteral(schema.description)}`);
  }
  for (const column of schema.columns) {
    if (column.comment !== undefined) {
      statements.push(`COMMENT ON COLUMN ${qualified}.${quoteIdentifier(column.name, 'column')} IS ${quoteLiteral(column.comment)}`);
    }
  }
  return statements;
}
