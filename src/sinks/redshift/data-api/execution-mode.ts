/**
 * Statements Redshift refuses inside a transaction block, or may: the documented ones
 * (SVL_MULTI_STATEMENT_VIOLATIONS: CREATE/DROP DATABASE, ALTER TABLE APPEND, external tables,
 * CREATE/DROP LIBRARY, VACUUM, CREATE/DROP TABLESPACE, REBUILDCAT, INDEXCAT, REINDEX, CLUSTER),
 * and, on the least favourable reading, those of streaming ingestion whose documentation says
 * nothing either way: CREATE EXTERNAL SCHEMA, DROP SCHEMA (which may name an external schema)
 * and CREATE/REFRESH MATERIALIZED VIEW.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_SVL_MULTI_STATEMENT_VIOLATIONS.html
 */
const OUTSIDE_TRANSACTION = [
  /^(CREATE|DROP|ALTER|RENAME)\s+EXTERNAL\b/,
  /^DROP\s+SCHEMA\b/,
  /^(CREATE|REFRESH)\s+MATERIALIZED\s+VIEW\b/,
  /^(CREATE|DROP)\s+(DATABASE|LIBRARY|TABLESPACE)\b/,
  /^ALTER\s+TABLE\b[\s\S]*\bAPPEND\b/,
  /^(VACUUM|REBUILDCAT|INDEXCAT|CLUSTER)\b/,
  /^REINDEX\s+DATABASE\b/,
];

/**
 * How `BatchExecuteStatement` runs a list (its `ExecutionMode`):
 * - `TRANSACTION` (the Data API's default): all or nothing, when every statement may run in a
 *   transaction block;
 * - `AUTO_COMMIT`: each statement committed on its own, in order, when one may not. A failure
 *   then leaves the statements before it done, which is why the generated lists are safe to
 *   run again.
 *
 * Either way one call runs the whole list serially in one session, so a `SET` at its head holds
 * for the statements after it.
 *
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html
 */
export function executionModeFor(statements: readonly string[]): 'TRANSACTION' | 'AUTO_COMMIT' {
  return statements.some(mustRunOutsideTransaction) ? 'AUTO_COMMIT' : 'TRANSACTION';
}

/** Whether `statement` is one Redshift refuses (or may refuse) in a transaction block. */
export function mustRunOutsideTransaction(statement: string): boolean {
  const text = statement.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '').toUpperCase();
  return OUTSIDE_TRANSACTION.some(pattern => pattern.test(text));
}
