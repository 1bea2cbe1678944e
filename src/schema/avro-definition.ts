import { ColumnType } from './column-type';
import { StreamColumn, StreamSchema } from './stream-schema';

/**
 * The schema as an Avro record schema, for a registry schema in AVRO format.
 *
 * Written compactly, with keys in the order Avro's Java `Schema.toString()` writes
 * them (record: type, name, doc, fields; field: name, type, doc, default), so the
 * text a serializer sends usually equals the registered definition. A nullable
 * column is the union `["null", T]` with `"default": null`, so records may omit it.
 * Timestamps are epoch milliseconds (`timestamp-millis`), dates days since the epoch
 * (`date`), decimals two's-complement bytes (`decimal` with precision and scale).
 *
 * @see https://avro.apache.org/docs/1.11.1/specification/
 */
export function avroDefinition(schema: StreamSchema): string {
  const record: Record<string, unknown> = { type: 'record', name: schema.name };
  if (schema.description !== undefined) {
    record.doc = schema.description;
  }
  record.fields = schema.columns.map(avroField);
  return JSON.stringify(record);
}

function avroField(column: StreamColumn): Record<string, unknown> {
  const nullable = column.nullable ?? true;
  const type = avroType(column.type);
  const field: Record<string, unknown> = { name: column.name, type: nullable ? ['null', type] : type };
  if (column.comment !== undefined) {
    field.doc = column.comment;
  }
  if (nullable) {
    field.default = null;
  }
  return field;
}

function avroType(type: ColumnType): unknown {
  switch (type.typeName) {
    case 'string': return 'string';
    case 'int': return 'int';
    case 'bigint': return 'long';
    case 'double': return 'double';
    case 'boolean': return 'boolean';
    case 'timestamp': return { type: 'long', logicalType: 'timestamp-millis' };
    case 'date': return { type: 'int', logicalType: 'date' };
    case 'decimal': return { type: 'bytes', logicalType: 'decimal', precision: type.precision, scale: type.scale };
    case 'array': return { type: 'array', items: avroType(type.elementType!) };
    default: throw new Error(`ColumnType '${type.typeName}' has no Avro rendering`);
  }
}
