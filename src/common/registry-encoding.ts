import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Warns that a reader of plain JSON reads a source with a registered schema: the Glue
 * Schema Registry's serializers put a binary header (version, compression, schema
 * version id) before every record, in every format, so such records are not JSON.
 * Acknowledged where producers write plain JSON checked against the registered definition.
 *
 * @see https://github.com/awslabs/aws-glue-schema-registry
 */
export function warnRegistryEncoding(reader: Construct, construct: string, sourceName: string, consequence: string): void {
  Annotations.of(reader).addWarningV2(`cdk-streaming-pipelines:${construct}:registryEncodedRecords`,
    `${reader.node.path} reads ${sourceName} as plain JSON, and the source has a registered schema: records written with `
    + `the Glue Schema Registry's serializers start with a binary header and would ${consequence}. Acknowledge this `
    + 'warning if producers write plain JSON, checked against the registered definition.');
}
