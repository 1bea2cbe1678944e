import { Stack, Validations } from 'aws-cdk-lib';
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
 * source's binding: aws-cdk-lib's read grant on that stream (the actions Redshift's guide
 * lists, DescribeStreamSummary, GetShardIterator, GetRecords, ListShards and DescribeStream,
 * plus SubscribeToShard, DescribeStreamConsumer and ListStreams, all on the stream only, and
 * decrypting with the stream's key), and `kinesis:ListStreams` on `*`, as the guide's policy
 * has it (see `grantStreamRead`).
 *
 * Only the owner of a cluster or namespace can associate a role with it: for an imported
 * target, a new role would never be usable, so `redshiftRole` is required there. It is
 * required too when the cluster or namespace is in another stack than the sink: associating
 * the sink's new role puts its ARN into that stack, while the sink's SQL waits for the
 * association, and the two stacks would reference each other (a cycle CDK refuses). The role
 * then belongs in the warehouse's stack, associated there; the read grant on it is a policy
 * of the sink's stack (through the role imported there), which keeps the references one way.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion-getting-started.html
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html
 */
export function streamingIngestionRole(scope: Construct, target: RedshiftTarget, binding: IReaderBinding, given?: iam.IRole): StreamingIngestionRole {
  if (given) {
    // A role of another stack (the warehouse's) is granted through a copy imported here, so that
    // the policy naming the stream lives in this stack: granted on the role itself, the stream's
    // ARN would go into the role's stack, which this stack's SQL already depends on (a cycle).
    const grantee = Stack.of(given) === Stack.of(scope) ? given
      : iam.Role.fromRoleArn(scope, 'RedshiftRoleGrant', given.roleArn, { mutable: true });
    grantStreamRead(grantee, binding);
    return { role: given, prerequisites: grantee === given ? [given] : [given, grantee] };
  }
  if (!target.canAssociateRoles) {
    fail(scope, `\`redshiftRole\` is required: the ${describe(target)} is not defined in this app (or its namespace was not given), `
      + 'and only its owner can associate the IAM role Redshift reads the stream with. Associate a role with it, pass it as '
      + '`redshiftRole` (it is granted read on the stream), or give the `CfnNamespace` to `RedshiftTarget.fromWorkgroup()`');
  }
  const owner = target._owner();
  if (owner && Stack.of(owner) !== Stack.of(scope)) {
    fail(scope, `\`redshiftRole\` is required: the ${describe(target)}'s ${ownerKind(target)} ${owner.node.path} is in the stack `
      + `${Stack.of(owner).node.path}, and this sink is in ${Stack.of(scope).node.path}. A new role associated with it would put `
      + 'this stack\'s role ARN into that stack, while this stack\'s SQL depends on the association: the two stacks would '
      + `reference each other. Create the role in ${Stack.of(owner).node.path}, associate it with the ${ownerKind(target)} there `
      + '(trusted by redshift.amazonaws.com, and redshift-serverless.amazonaws.com for a workgroup), and pass it as `redshiftRole` '
      + '(it is granted read on the stream); or put the warehouse and this sink in one stack');
  }
  const principals: iam.IPrincipal[] = [new iam.ServicePrincipal('redshift.amazonaws.com')];
  if (target.kind === RedshiftTargetKind.SERVERLESS_WORKGROUP) {
    principals.push(new iam.ServicePrincipal('redshift-serverless.amazonaws.com'));
  }
  const role = new iam.Role(scope, 'RedshiftRole', {
    assumedBy: new iam.CompositePrincipal(...principals),
    description: `Redshift streaming ingestion of ${scope.node.path}: reads the source stream`,
  });
  grantStreamRead(role, binding);
  target.associateRole(role);
  return { role, prerequisites: [role, ...(owner ? [owner] : [])] };
}

/**
 * Read on the stream through the binding (scoped to the stream and its key), and
 * `kinesis:ListStreams` on `*`: Redshift's streaming-ingestion guide grants it on `*` (a
 * statement of its own, beside the stream-scoped read), and ListStreams lists the account's
 * streams rather than reading one; whether Redshift authorizes it against the stream's ARN is
 * not documented, so the least favourable reading keeps `*` (cdk-nag IAM5 acknowledged).
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion-getting-started.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html
 */
function grantStreamRead(grantee: iam.IRole, binding: IReaderBinding): void {
  binding.grantRead(grantee);
  grantee.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kinesis:ListStreams'], resources: ['*'] }));
  Validations.of(grantee).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'kinesis:ListStreams on *, as Redshift\'s streaming-ingestion guide grants it: it lists stream names and reads no '
      + 'records; every read action is scoped to the stream (and its key).',
  });
}

function ownerKind(target: RedshiftTarget): string {
  return target.kind === RedshiftTargetKind.PROVISIONED_CLUSTER ? 'cluster' : 'namespace';
}

function describe(target: RedshiftTarget): string {
  return target.kind === RedshiftTargetKind.PROVISIONED_CLUSTER ? 'cluster' : 'workgroup';
}
