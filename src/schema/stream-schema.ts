import { ColumnType } from './column-type';
import { InputError } from '../common/input-error';

/**
 * Column names: Athena folds names to lower case and Avro allows letters, digits and
 * `_`, so lower-case letters, digits and `_`, starting with a letter or `_`.
 */
const COLUMN_NAME = /^[a-z_][a-z0-9_]{0,254}$/;
/** Schema names: Avro record names (and Glue table names, lower-cased). */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** One field of the events a stream carries. */
export interface StreamColumn {
  /** The field's name in the JSON records: lower-case letters, digits and `_`. */
  readonly name: string;
  /** Its type. */
  readonly type: ColumnType;
  /**
   * Whether records may omit it or carry null.
   * @default true
   */
  readonly nullable?: boolean;
  /**
   * What the field means, for the catalog and the registry.
   * @default - none
   */
  readonly comment?: string;
}

/** Properties of a `StreamSchema`. */
export interface StreamSchemaProps {
  /** The event's name, e.g. `OrderPlaced`: names the registry schema and the lake's table. */
  readonly name: string;
  /** The event's fields, at least one, names unique. */
  readonly columns: StreamColumn[];
  /**
   * What the event is.
   * @default - none
   */
  readonly description?: string;
}

/**
 * The format of a stream's events, declared once: it becomes the Glue Schema
 * Registry's schema (Avro, JSON Schema or Protobuf) and the lake's Parquet table,
 * so producers, consumers and Athena agree on one definition.
 *
 * @example
 * const orderPlaced = new StreamSchema({
 *   name: 'OrderPlaced',
 *   columns: [
 *     { name: 'order_id', type: ColumnType.STRING, nullable: false },
 *     { name: 'amount', type: ColumnType.decimal(12, 2) },
 *   ],
 * });
 */
export class StreamSchema {
  /** The event's name. */
  public readonly name: string;
  /** The event's fields. */
  public readonly columns: StreamColumn[];
  /**
   * What the event is.
   * @default - none
   */
  public readonly description?: string;

  constructor(props: StreamSchemaProps) {
    if (typeof props.name !== 'string' || !SCHEMA_NAME.test(props.name)) {
      throw new InputError(`\`StreamSchema\` \`name\` must be 1-255 letters, digits and _, starting with a letter or _, got '${props.name}'`);
    }
    if (!props.columns || props.columns.length === 0) {
      throw new InputError(`\`StreamSchema\` '${props.name}' needs at least one column, got none`);
    }
    const seen = new Set<string>();
    for (const column of props.columns) {
      if (typeof column.name !== 'string' || !COLUMN_NAME.test(column.name)) {
        throw new InputError(`\`StreamSchema\` '${props.name}': column names must be 1-255 lower-case letters, digits and _, `
          + `starting with a letter or _ (Athena folds names to lower case), got '${column.name}'`);
      }
      if (seen.has(column.name)) {
        throw new InputError(`\`StreamSchema\` '${props.name}': column '${column.name}' is declared twice`);
      }
      seen.add(column.name);
    }
    this.name = props.name;
    this.columns = [...props.columns];
    this.description = props.description;
  }
}
