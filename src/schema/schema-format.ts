/**
 * How a registry schema's definition is written, and so how producers serialize
 * events. Fixed when the schema is created.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/schema-registry.html
 */
export enum SchemaFormat {
  /** An Apache Avro record schema. */
  AVRO = 'AVRO',
  /** A JSON Schema (draft-07) document: events are JSON objects validated against it. */
  JSON = 'JSON',
  /** A Protocol Buffers (proto3) message. */
  PROTOBUF = 'PROTOBUF',
}
