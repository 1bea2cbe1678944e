import { SchemaCompatibility } from './schema-compatibility';
import { SchemaFormat } from './schema-format';
import { StreamSchema } from './stream-schema';

/** How a `StreamSchema` is registered in a `SchemaRegistry` (`registry.addSchema()`). */
export interface RegistrySchemaOptions {
  /** The event format to register: its definition is rendered from it in `format`. */
  readonly schema: StreamSchema;
  /**
   * The definition's format, and so how producers serialize events. Fixed when the
   * schema is created.
   * @default SchemaFormat.AVRO
   */
  readonly format?: SchemaFormat;
  /**
   * Which new versions Glue accepts.
   * @default SchemaCompatibility.BACKWARD, which AWS recommends
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateSchema.html
   */
  readonly compatibility?: SchemaCompatibility;
  /**
   * The schema's name in the registry, which producers and consumers configure:
   * 1-255 letters, digits, `-`, `_`, `$`, `#` and `.`, unique in the registry.
   * @default - the `StreamSchema`'s name
   */
  readonly schemaName?: string;
  /**
   * What the schema is, at most 1,000 characters.
   * @default - the `StreamSchema`'s description
   */
  readonly description?: string;
}
