import { InputError } from '../../common/input-error';
import { ColumnType } from '../../schema/column-type';

/**
 * Redshift's widest VARCHAR, in bytes (`VARCHAR(MAX)` is the same width).
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html
 */
export const MAX_VARCHAR_BYTES = 65535;

/**
 * Redshift's largest DECIMAL precision.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html
 */
export const MAX_DECIMAL_PRECISION = 38;

/**
 * The Redshift type of a `StreamSchema` column:
 * - STRING → `VARCHAR(65535)`: a stream schema gives no length, and a string longer than its
 *   column fails the whole COPY (Firehose then retries and gives the batch up to its error
 *   prefix). Redshift stores a VARCHAR by its actual length, so the width costs no disk; it
 *   costs memory in queries that sort or hash the column. `VARCHAR(65535)` is `VARCHAR(MAX)`,
 *   written out because it is the width Redshift reports back. Not SUPER: a JSON string loads
 *   into SUPER as a JSON value, which every query would have to cast back.
 * - INT → `INTEGER`, BIGINT → `BIGINT`, DOUBLE → `DOUBLE PRECISION`, BOOLEAN → `BOOLEAN`,
 *   DATE → `DATE`;
 * - TIMESTAMP → `TIMESTAMP` (without time zone): the schema's timestamps are UTC, which is
 *   what a TIMESTAMP column holds when nothing says otherwise;
 * - decimal(p, s) → `DECIMAL(p,s)`, p at most 38 (Redshift's limit, which `ColumnType.decimal`
 *   also enforces);
 * - array(…) → `SUPER`: Redshift has no typed arrays; COPY's JSON 'auto' loads a JSON array
 *   into a SUPER column, and PartiQL navigates it.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_SUPER_type.html
 */
export function redshiftColumnType(type: ColumnType): string {
  switch (type.typeName) {
    case 'string': return `VARCHAR(${MAX_VARCHAR_BYTES})`;
    case 'int': return 'INTEGER';
    case 'bigint': return 'BIGINT';
    case 'double': return 'DOUBLE PRECISION';
    case 'boolean': return 'BOOLEAN';
    case 'timestamp': return 'TIMESTAMP';
    case 'date': return 'DATE';
    case 'decimal': {
      const precision = type.precision!;
      if (precision > MAX_DECIMAL_PRECISION) {
        throw new InputError(`a Redshift DECIMAL has a precision of 1-${MAX_DECIMAL_PRECISION}, got decimal(${precision},${type.scale})`);
      }
      return `DECIMAL(${precision},${type.scale})`;
    }
    case 'array': return 'SUPER';
    default:
      throw new InputError(`no Redshift type for the column type '${type.typeName}'`);
  }
}
