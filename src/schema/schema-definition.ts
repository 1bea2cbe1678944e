import { avroDefinition } from './avro-definition';
import { jsonSchemaDefinition } from './json-schema-definition';
import { protobufDefinition } from './protobuf-definition';
import { RegistryLimits } from './registry-limits';
import { SchemaFormat } from './schema-format';
import { StreamSchema } from './stream-schema';
import { num } from '../common/format';
import { InputError } from '../common/input-error';

/**
 * The schema's definition in a registry format, refused when it is longer than Glue
 * stores (170,000 characters).
 */
export function schemaDefinition(schema: StreamSchema, format: SchemaFormat): string {
  const definition = render(schema, format);
  const chars = [...definition].length;
  if (chars > RegistryLimits.MAX_DEFINITION_CHARS) {
    throw new InputError(`\`schema\` '${schema.name}' rendered as ${format} is ${num(chars)} characters long, `
      + `but Glue stores definitions of at most ${num(RegistryLimits.MAX_DEFINITION_CHARS)}: shorten its comments or split the event`);
  }
  return definition;
}

function render(schema: StreamSchema, format: SchemaFormat): string {
  switch (format) {
    case SchemaFormat.AVRO: return avroDefinition(schema);
    case SchemaFormat.JSON: return jsonSchemaDefinition(schema);
    case SchemaFormat.PROTOBUF: return protobufDefinition(schema);
    default: throw new InputError(`\`format\` must be one of ${Object.values(SchemaFormat).join(', ')}, got '${format}'`);
  }
}
