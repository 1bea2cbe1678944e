import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { RedshiftTarget, RedshiftTargetKind } from './redshift-target';
import { fail } from '../../common/input-error';
import { IReaderBinding } from '../../source/reader-binding';

/** The role Redshift reads the stream with, and what the SQL using it must wait for. */
export interface StreamingIngestionRole {
  readonly role: iam.IRole;
  /** The role (and its policy) and the cluster or namespace it is associated with. */
  readonly prerequisites: IDependable[];
}

/**
 * The IAM role Redshift assumes to read the stream for streaming ingestion
 * (`CREATE EXTERNAL SCHEMA … FROM KINESIS IAM_ROLE '<arn>'`): `given`, or a new one
 * trusted by Redshift (and, for a workgroup, Redshift Serverless) and associated with the
 * target's cluster or namespace. Either is granted read on the stream through the
 * source's binding (DescribeStreamSummary, GetShardIterator, GetRecords, ListShards,
 * DescribeStream, and decrypting with the stream's key), the actions Redshift's guide lists.
 *
 * Only the owner of a cluster or namespace can associate a role with it: for an imported
 * target, a new role would never be usable, so `redshiftRole` is required there.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion-getting-started.html
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html
 */
export function streamingIngestionRole(scope: Construct, target: RedshiftTarget, binding: IReaderBinding, given?: iam.IRole): StreamingIngestionRole {
  if (given) {
    binding.grantRead(given);
    return { role: given, prerequisites: [given] };
  }
  if (!target.canAssociateRoles) {
    fail(scope, `\`redshiftRole\` is required: the ${describe(target)} is not defined in this app (or its namespace was not given), `
      + 'and only its owner can associate the IAM role Redshift reads the stream with. Associate a role with it, pass it as '
      + '`redshiftRole` (it is granted read on the stream), or give the `CfnNamespace` to `RedshiftTarget.fromWorkgroup()`');
  }
  const principals: iam.IPrincipal[] = [new iam.ServicePrincipal('redshift.amazonaws.com')];
  if (target.kind === RedshiftTargetKind.SERVERLESS_WORKGROUP) {
    principals.push(new iam.ServicePrincipal('redshift-serverless.amazonaws.com'));
  }
  const role = new iam.Role(scope, 'RedshiftRole', {
    assumedBy: new iam.CompositePrincipal(...principals),
    description: `Redshift streaming ingestion of ${scope.node.path}: reads the source stream`,
  });
  binding.grantRead(role);
  target.associateRole(role);
  return { role, prerequisites: [role, ...(target._owner() ? [target._owner()!] : [])] };
}

function describe(target: RedshiftTarget): string {
  return target.kind === RedshiftTargetKind.PROVISIONED_CLUSTER ? 'cluster' : 'workgroup';
}
