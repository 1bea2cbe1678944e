import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IRegistrySchema } from '../schema/registry-schema';

/** A stream or an enhanced fan-out consumer of one: what a reader reads through. */
type Readable = kinesis.IStream | kinesis.IStreamConsumer;

/**
 * Reading records (from the stream, or through an enhanced fan-out consumer, with the
 * stream's key), and deserializing them with the registered schema if one is given.
 * Every read grant of the library goes through here. The schema is granted first, so its
 * statement leads the grantee's policy.
 */
export function grantStreamRead(readable: Readable, schema: IRegistrySchema | undefined, grantee: iam.IGrantable): iam.Grant {
  const schemaGrant = schema?.grantRead(grantee);
  const grant = readable.grantRead(grantee);
  return schemaGrant ? grant.combine(schemaGrant) : grant;
}

/** Writing a stream's records, and serializing them with its registered schema if it has one. */
export function grantStreamWrite(stream: kinesis.IStream, schema: IRegistrySchema | undefined, grantee: iam.IGrantable): iam.Grant {
  const schemaGrant = schema?.grantWrite(grantee);
  const grant = stream.grantWrite(grantee);
  return schemaGrant ? grant.combine(schemaGrant) : grant;
}
