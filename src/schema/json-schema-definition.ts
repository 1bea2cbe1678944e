import { ColumnType } from './column-type';
import { StreamColumn, StreamSchema } from './stream-schema';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
/** The range of an `int` column (a 32-bit signed integer in the lake). */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/**
 * Timestamps as strings: the ISO-8601 form Firehose's Parquet conversion reads
 * (`yyyy-MM-dd'T'HH:mm:ss[.S]'Z'`, UTC); an offset like `+02:00` would fail conversion.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html
 */
const UTC_TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

/**
 * The schema as a JSON Schema (draft-07) document, for a registry schema in JSON format.
 *
 * An object whose non-nullable columns are `required`; a nullable column may be
 * omitted or null (`"type": ["T", "null"]`). Other properties are allowed
 * (`additionalProperties: true`), so adding a field never breaks a reader.
 *
 * - timestamp: `{"type": ["integer", "string"], "pattern": …}`, epoch milliseconds or
 *   a UTC ISO-8601 string ending in `Z`, the two forms `ColumnType.TIMESTAMP` promises
 *   and Firehose's conversion reads (the pattern applies to strings only);
 * - date: a string in `date` format (`yyyy-MM-dd`);
 * - decimal: a number (JSON has no exact decimal; precision and scale are the lake's);
 * - int: an integer in the 32-bit range; bigint: an integer; double: a number.
 *
 * Written compactly, like the Avro definition.
 *
 * @see https://json-schema.org/specification-links#draft-7
 */
export function jsonSchemaDefinition(schema: StreamSchema): string {
  const document: Record<string, unknown> = { $schema: DRAFT_07, title: schema.name };
  if (schema.description !== undefined) {
    document.description = schema.description;
  }
  document.type = 'object';
  document.properties = Object.fromEntries(schema.columns.map(column => [column.name, jsonProperty(column)]));
  const required = schema.columns.filter(column => !(column.nullable ?? true)).map(column => column.name);
  if (required.length > 0) {
    // Draft-04 readers refuse an empty `required`: leave it out instead.
    document.required = required;
  }
  document.additionalProperties = true;
  return JSON.stringify(document);
}

function jsonProperty(column: StreamColumn): Record<string, unknown> {
  const property = jsonType(column.type);
  if (column.nullable ?? true) {
    property.type = [...typeList(property.type), 'null'];
  }
  if (column.comment !== undefined) {
    property.description = column.comment;
  }
  return property;
}

function typeList(type: unknown): unknown[] {
  return Array.isArray(type) ? type : [type];
}

function jsonType(type: ColumnType): Record<string, unknown> {
  switch (type.typeName) {
    case 'string': return { type: 'string' };
    case 'int': return { type: 'integer', minimum: INT32_MIN, maximum: INT32_MAX };
    case 'bigint': return { type: 'integer' };
    case 'double':
    case 'decimal': return { type: 'number' };
    case 'boolean': return { type: 'boolean' };
    case 'timestamp': return { type: ['integer', 'string'], pattern: UTC_TIMESTAMP };
    case 'date': return { type: 'string', format: 'date' };
    case 'array': return { type: 'array', items: jsonType(type.elementType!) };
    default: throw new Error(`ColumnType '${type.typeName}' has no JSON Schema rendering`);
  }
}
