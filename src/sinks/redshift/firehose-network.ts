import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RedshiftTarget, RedshiftTargetKind } from './redshift-target';

/** The warning's id, for `Annotations.acknowledgeWarning()`. */
export const NOT_PUBLICLY_ACCESSIBLE = 'cdk-streaming-pipelines:DeliverToRedshift:notPubliclyAccessible';

/**
 * Warns when Firehose cannot reach the target: Firehose has no VPC delivery for Redshift
 * (`RedshiftDestinationConfiguration` has no `VpcConfiguration`), it connects from the
 * Region's Firehose CIDR block, so a cluster or workgroup must be publicly accessible
 * with that block allowed on its port. A cluster or workgroup of this app that is not
 * (`PubliclyAccessible` unset or false) would refuse every `COPY`. Making it public is
 * what cdk-nag AwsSolutions-RS8 reports on a cluster: the trade-off is the user's, so the
 * warning names it rather than the library acknowledging it. An imported target is not
 * known: the class docs state the requirement.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs
 */
export function warnIfUnreachable(sink: Construct, target: RedshiftTarget): void {
  if (target._publiclyAccessible() !== false) {
    return;
  }
  const cluster = target.kind === RedshiftTargetKind.PROVISIONED_CLUSTER;
  const what = cluster ? 'cluster' : 'workgroup';
  Annotations.of(sink).addWarningV2(NOT_PUBLICLY_ACCESSIBLE,
    `${sink.node.path}: Firehose runs COPY from the Region's Firehose CIDR block (it has no VPC delivery to Redshift), and the `
    + `${what} ${target._resource()!.node.path} is not publicly accessible: every COPY would fail to connect. Set its `
    + '`publiclyAccessible` to true and allow `firehoseAddresses` on its port in its security group'
    + (cluster ? ' (cdk-nag AwsSolutions-RS8 then reports the cluster: acknowledge it with that reason)' : '')
    + ', or use RedshiftLoadMode.STREAMING_INGESTION, which stays private; then acknowledge this warning.');
}
