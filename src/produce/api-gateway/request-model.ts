import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { ApiGatewayLimits } from './api-gateway-limits';
import { InputError } from '../../common/input-error';
import { ColumnType } from '../../schema/column-type';
import { StreamColumn, StreamSchema } from '../../schema/stream-schema';

const MAX_KEY_CHARS = ApiGatewayLimits.MAX_KEY_CHARS;
/** The range of an `int` column (a 32-bit signed integer in the lake). */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/**
 * Timestamps as strings: UTC ISO-8601 ending in `Z`, the form `ColumnType.TIMESTAMP`
 * promises (the pattern applies to strings only; epoch milliseconds are integers).
 */
const UTC_TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
/** Draft-04 has no `date` format: a pattern instead. */
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** Column types a partition key may have: Kinesis keys are strings, and integers print as one. */
const KEY_TYPES = ['string', 'int', 'bigint'];

/** The request models of a producer: one record, and a batch of them. */
export interface RequestModels {
  /** One record. */
  readonly record: apigateway.JsonSchema;
  /** `{"records": [record, ...]}`, 1-500 of them. */
  readonly batch: apigateway.JsonSchema;
  /** What a valid body looks like, in words, for the 400 response to an invalid one. */
  readonly expected: string;
}

/**
 * The JSON Schema (draft-04, the draft API Gateway validates) of a record, from the
 * stream's schema when there is one, with the partition key field required:
 * - from a `StreamSchema`: an object whose non-nullable columns are required, a
 *   nullable column may be omitted or null, other properties allowed (as the registry's
 *   JSON Schema rendering); the key field must be a non-dotted column of type string,
 *   int or bigint, and is required and non-null;
 * - without one: an object with the key field (a dotted path nests objects), a string
 *   of 1-256 characters or an integer.
 *
 * Throws an `InputError` when the key field is not a column of the schema or has a
 * type a partition key cannot have.
 *
 * @param keyPath the key field's path segments, or none for a random or constant key
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html
 */
export function requestModels(keyPath: string[] | undefined, schema: StreamSchema | undefined): RequestModels {
  const record = schema ? schemaRecord(schema, keyPath) : keyOnlyRecord(keyPath);
  const batch: apigateway.JsonSchema = {
    schema: apigateway.JsonSchemaVersion.DRAFT4,
    title: `${record.title}Batch`,
    type: apigateway.JsonSchemaType.OBJECT,
    properties: {
      records: {
        type: apigateway.JsonSchemaType.ARRAY,
        minItems: 1,
        maxItems: ApiGatewayLimits.MAX_RECORDS_PER_BATCH,
        items: { ...record, schema: undefined, title: undefined },
      },
    },
    required: ['records'],
    additionalProperties: false,
  };
  return { record, batch, expected: expectedBody(keyPath, schema) };
}

function schemaRecord(schema: StreamSchema, keyPath: string[] | undefined): apigateway.JsonSchema {
  const keyColumn = keyPath === undefined ? undefined : findKeyColumn(schema, keyPath);
  const required = schema.columns
    .filter(column => column === keyColumn || !(column.nullable ?? true))
    .map(column => column.name);
  return {
    schema: apigateway.JsonSchemaVersion.DRAFT4,
    title: schema.name,
    description: schema.description,
    type: apigateway.JsonSchemaType.OBJECT,
    properties: Object.fromEntries(schema.columns.map(column => [column.name, columnSchema(column, column === keyColumn)])),
    // Draft-04 refuses an empty `required`.
    required: required.length > 0 ? required : undefined,
    additionalProperties: true,
  };
}

function findKeyColumn(schema: StreamSchema, keyPath: string[]): StreamColumn {
  const field = keyPath.join('.');
  const column = keyPath.length === 1 ? schema.columns.find(c => c.name === field) : undefined;
  if (!column) {
    throw new InputError(`\`partitionKey\` field '${field}' is not a column of schema '${schema.name}' `
      + `(columns: ${schema.columns.map(c => c.name).join(', ')}): key by one of them, or give the \`schema\` that has it`);
  }
  if (!KEY_TYPES.includes(column.type.typeName)) {
    throw new InputError(`\`partitionKey\` field '${field}' is a ${column.type.glueType} column of schema '${schema.name}': `
      + 'a partition key is a string of 1-256 characters, so key by a string, int or bigint column');
  }
  return column;
}

function columnSchema(column: StreamColumn, isKey: boolean): apigateway.JsonSchema {
  if (isKey) {
    return { ...keySchema(column.type), description: column.comment };
  }
  const property = typeSchema(column.type);
  const nullable = column.nullable ?? true;
  return {
    ...property,
    type: nullable ? [...typeList(property.type), apigateway.JsonSchemaType.NULL] : property.type,
    description: column.comment,
  };
}

function typeList(type: apigateway.JsonSchemaType | apigateway.JsonSchemaType[] | undefined): apigateway.JsonSchemaType[] {
  return type === undefined ? [] : Array.isArray(type) ? type : [type];
}

function typeSchema(type: ColumnType): apigateway.JsonSchema {
  const T = apigateway.JsonSchemaType;
  switch (type.typeName) {
    case 'string': return { type: T.STRING };
    case 'int': return { type: T.INTEGER, minimum: INT32_MIN, maximum: INT32_MAX };
    case 'bigint': return { type: T.INTEGER };
    case 'double':
    case 'decimal': return { type: T.NUMBER };
    case 'boolean': return { type: T.BOOLEAN };
    case 'timestamp': return { type: [T.INTEGER, T.STRING], pattern: UTC_TIMESTAMP };
    case 'date': return { type: T.STRING, pattern: DATE };
    case 'array': return { type: T.ARRAY, items: typeSchema(type.elementType!) };
    default: throw new Error(`ColumnType '${type.typeName}' has no JSON Schema rendering`);
  }
}

/** A partition key's value: a string of 1-256 characters, or an integer (which prints as one). */
function keySchema(type?: ColumnType): apigateway.JsonSchema {
  const T = apigateway.JsonSchemaType;
  if (type?.typeName === 'string') {
    return { type: T.STRING, minLength: 1, maxLength: MAX_KEY_CHARS };
  }
  if (type !== undefined) {
    return typeSchema(type);
  }
  return { type: [T.STRING, T.INTEGER], minLength: 1, maxLength: MAX_KEY_CHARS };
}

/** An object with the key field, nesting objects along a dotted path. */
function keyOnlyRecord(keyPath: string[] | undefined): apigateway.JsonSchema {
  const object = (properties?: { [name: string]: apigateway.JsonSchema }, required?: string[]): apigateway.JsonSchema => ({
    type: apigateway.JsonSchemaType.OBJECT, properties, required, additionalProperties: true,
  });
  let record = object();
  if (keyPath !== undefined) {
    let inner = keySchema();
    for (const name of [...keyPath].reverse()) {
      inner = object({ [name]: inner }, [name]);
    }
    record = inner;
  }
  return { schema: apigateway.JsonSchemaVersion.DRAFT4, title: 'Record', ...record };
}

/** What a valid body is, in words without `$` (gateway response templates substitute variables). */
function expectedBody(keyPath: string[] | undefined, schema: StreamSchema | undefined): string {
  const what = schema ? `a JSON object of schema ${schema.name}` : 'a JSON object';
  return keyPath === undefined ? what : `${what} with the partition key field ${keyPath.join('.')}, a string of 1-256 characters or an integer`;
}
