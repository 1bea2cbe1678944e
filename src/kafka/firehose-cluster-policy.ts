import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct } from 'constructs';

/** Firehose's service principal, which creates the managed VPC connection to the cluster. */
export const FIREHOSE_SERVICE_PRINCIPAL = 'firehose.amazonaws.com';

/**
 * What Firehose's service principal may do on the cluster. Firehose's guide names
 * `kafka:CreateVpcConnection` ("a resource-based policy which grants Firehose service principal
 * the permission to invoke the Amazon MSK CreateVpcConnection API operation"); MSK's guide has
 * the principal that creates a VPC connection also get the bootstrap brokers and describe the
 * cluster. All four, read-only but for the connection itself.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#access-to-msk
 * @see https://docs.aws.amazon.com/firehose/latest/dev/writing-with-msk.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cluster-owner-action-policy.html
 */
export const FIREHOSE_CLUSTER_ACTIONS = [
  'kafka:CreateVpcConnection',
  'kafka:GetBootstrapBrokers',
  'kafka:DescribeCluster',
  'kafka:DescribeClusterV2',
];

/** Props of `firehoseClusterPolicy`. */
export interface FirehoseClusterPolicyProps {
  /** The cluster's ARN (usually `CfnCluster.attrArn`). */
  readonly clusterArn: string;
  /**
   * The cluster resource, when this stack creates it.
   *
   * @default - only the dependency `clusterArn` carries
   */
  readonly cluster?: msk.CfnCluster;
  /**
   * Statements to add to the policy: a cluster has one policy, so whatever else it must allow
   * (cross-account clients) goes into the same document.
   *
   * @default - Firehose's statement only
   */
  readonly additionalStatements?: iam.PolicyStatement[];
}

/**
 * The cluster policy (`AWS::MSK::ClusterPolicy`) that lets Firehose create its managed VPC
 * connection to the cluster, for a delivery stream with `MSKAsSource` and `Connectivity:
 * PRIVATE`: principal `firehose.amazonaws.com`, `FIREHOSE_CLUSTER_ACTIONS` on the cluster's
 * ARN, only on behalf of this stack's account (`aws:SourceAccount`, the confused-deputy guard;
 * Firehose's own example has no condition, so that Firehose sets `aws:SourceAccount` on this
 * call is an assumption to verify on the first deployment).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#access-to-msk
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/security_iam_service-with-iam-resource-based-policies.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function firehoseClusterPolicy(scope: Construct, id: string, props: FirehoseClusterPolicyProps): msk.CfnClusterPolicy {
  const document = new iam.PolicyDocument({
    statements: [
      firehoseClusterStatement(Stack.of(scope), props.clusterArn),
      ...props.additionalStatements ?? [],
    ],
  });
  const policy = new msk.CfnClusterPolicy(scope, id, { clusterArn: props.clusterArn, policy: document });
  if (props.cluster) {
    policy.node.addDependency(props.cluster);
  }
  return policy;
}

/** Firehose's statement of the cluster policy. */
export function firehoseClusterStatement(stack: Stack, clusterArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'FirehoseVpcConnection',
    principals: [new iam.ServicePrincipal(FIREHOSE_SERVICE_PRINCIPAL)],
    actions: FIREHOSE_CLUSTER_ACTIONS,
    resources: [clusterArn],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  });
}
