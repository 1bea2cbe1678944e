import { quoteIdentifier } from './sql/identifiers';
import { StreamSchema } from '../../schema/stream-schema';

/** Options of `jsonCopyOptions`. */
export interface JsonCopyOptions {
  /**
   * Whether Firehose's intermediate S3 objects are GZIP-compressed (the delivery stream's
   * S3 `CompressionFormat` is `GZIP`). COPY must then be told, or it reads compressed bytes
   * as JSON and fails every load.
   * @default true
   */
  readonly gzip?: boolean;
  /**
   * Whether the records' TIMESTAMP fields are epoch milliseconds rather than ISO-8601 strings.
   * COPY takes one TIMEFORMAT for every column of a load, so one stream uses one of the two.
   * @default false
   */
  readonly epochMillisecondTimestamps?: boolean;
}

/**
 * The COPY options with which Firehose loads JSON records into a table made by `createTableSql`.
 * Firehose writes its own `COPY "table" (columns) FROM 's3://…manifest' CREDENTIALS … MANIFEST`
 * and appends these:
 * - `FORMAT AS JSON 'auto ignorecase'`: each record's top-level fields go to the columns of the
 *   same name, whatever the case of the field's name (the table's columns are lower case);
 *   fields without a column are skipped, columns without a field get NULL (or fail a NOT NULL
 *   column); a JSON array or object goes to a SUPER column as it is.
 * - `GZIP` when the intermediate objects are compressed (`gzip`, default on: Firehose's
 *   Redshift destination takes GZIP but not Snappy, Zip or Hadoop-Snappy).
 * - `TIMEFORMAT 'auto'` (ISO-8601 strings such as `2026-11-28T14:05:00Z`, with or without
 *   fractions) or `TIMEFORMAT 'epochmillisecs'` (`epochMillisecondTimestamps`).
 *
 * Left out on purpose: `TRUNCATECOLUMNS` and `ACCEPTINVCHARS`, which change data silently (a
 * too-long string cut, an invalid byte replaced); without them such a record fails its batch,
 * which Firehose retries for its retry duration and then writes to its S3 error prefix (a
 * manifest of the objects), so nothing is lost unseen. `MAXERROR` stays 0 for the same reason.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html#copy-json
 * @see https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-file-compression.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_CopyCommand.html
 */
export function jsonCopyOptions(options: JsonCopyOptions = {}): string {
  const parts = ["FORMAT AS JSON 'auto ignorecase'"];
  if (options.gzip ?? true) {
    parts.push('GZIP');
  }
  parts.push(options.epochMillisecondTimestamps ? "TIMEFORMAT 'epochmillisecs'" : "TIMEFORMAT 'auto'");
  return parts.join(' ');
}

/**
 * The column list of Firehose's COPY (`DataTableColumns`): the schema's columns, quoted (a
 * column may be a reserved word such as `order`), comma-separated. COPY then fills exactly
 * these columns, in the schema's order, whatever other columns the table has.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_CopyCommand.html
 */
export function copyColumns(schema: StreamSchema): string {
  return schema.columns.map(column => quoteIdentifier(column.name, 'column')).join(',');
}
