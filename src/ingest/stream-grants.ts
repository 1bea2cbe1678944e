import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IRegistrySchema } from '../schema/registry-schema';

/**
 * Reading a stream's records, and deserializing them with its registered schema if it
 * has one. The schema is granted first, so its statement leads the grantee's policy.
 */
export function grantStreamRead(stream: kinesis.IStream, schema: IRegistrySchema | undefined, grantee: iam.IGrantable): iam.Grant {
  const schemaGrant = schema?.grantRead(grantee);
  const grant = stream.grantRead(grantee);
  return schemaGrant ? grant.combine(schemaGrant) : grant;
}

/** Writing a stream's records, and serializing them with its registered schema if it has one. */
export function grantStreamWrite(stream: kinesis.IStream, schema: IRegistrySchema | undefined, grantee: iam.IGrantable): iam.Grant {
  const schemaGrant = schema?.grantWrite(grantee);
  const grant = stream.grantWrite(grantee);
  return schemaGrant ? grant.combine(schemaGrant) : grant;
}
