import { CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { createWaitingCustomResource, CUSTOM_RESOURCE_SERVICE_TIMEOUT } from '../common/provider-framework';
import { CLUSTER_ARN_PROPERTY } from './multi-vpc/connectivity-handler';
import { MultiVpcIsCompleteFunction } from './multi-vpc-is-complete-function';
import { MultiVpcOnEventFunction } from './multi-vpc-on-event-function';

/** The custom resource's type in the template. */
export const MULTI_VPC_CONNECTIVITY_RESOURCE_TYPE = 'Custom::MskMultiVpcConnectivity';

/**
 * How often isComplete asks MSK whether the update is done. MSK's rolling broker restart
 * takes "up to 30 minutes or more", so a minute between polls costs nothing in latency.
 */
export const CONNECTIVITY_QUERY_INTERVAL = Duration.minutes(1);

/**
 * How long the Provider waits for the update before it fails the deployment with its own
 * timeout message. The Provider allows up to 2 hours, but CloudFormation waits on a custom
 * resource for at most `ServiceTimeout` = 3,600 s (1 hour, its maximum) and then fails it
 * regardless: a Provider timeout above that would never be heard. 55 minutes leaves the Provider
 * five to report its own, clearer failure first. MSK documents the update at "up to 30 minutes
 * or more", with no upper bound.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cluster-owner-action-turn-on.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
 */
export const CONNECTIVITY_TOTAL_TIMEOUT = Duration.minutes(55);

/** CloudFormation's maximum (and default) wait on a custom resource (now shared, see `common/provider-framework`). */
export { CUSTOM_RESOURCE_SERVICE_TIMEOUT };

/**
 * The broker ports a client reaches through multi-VPC private connectivity (MSK's managed
 * VPC connections). The guides consulted give the 9xxx ports of in-VPC access
 * (port-info.html) but no multi-VPC port in the text this library could read; 14001–14100 is
 * the range seen in multi-VPC bootstrap strings (`b-1.…:14001`). Unconfirmed: check against
 * the cluster's `GetBootstrapBrokers` (BootstrapBrokerStringVpcConnectivitySaslIam) after
 * the first deployment.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html
 */
export const MULTI_VPC_PORTS = { from: 14001, to: 14100 } as const;

/** Props of `MultiVpcConnectivity`. */
export interface MultiVpcConnectivityProps {
  /**
   * The ARN of the MSK provisioned cluster (usually `CfnCluster.attrArn`, a token). The cluster
   * must use IAM client authentication, Kafka 2.7.1 or later and no `kafka.t3.small` brokers.
   *
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html
   */
  readonly clusterArn: string;

  /**
   * The cluster resource, when this stack creates it: the custom resource waits for it.
   *
   * @default - only the dependency that `clusterArn` itself carries (none for a plain ARN)
   */
  readonly cluster?: msk.CfnCluster;

  /**
   * The customer-managed KMS key that encrypts the cluster's storage, if any. The handlers may
   * then create grants on it and describe it: AWS Labs' Data Solutions Framework grants this for
   * UpdateConnectivity; MSK's guide does not say it is needed (unconfirmed).
   *
   * @default - no KMS permission (the cluster uses an AWS managed key)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long the handlers' log lines are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Turns on multi-VPC private connectivity with IAM client authentication on an MSK provisioned
 * cluster once CloudFormation has created it, and holds the deployment until the cluster is
 * ACTIVE again with it on: what a Firehose stream that reads the cluster privately
 * (`MSKAsSource`, `Connectivity: PRIVATE`) needs, and CloudFormation cannot set when it creates
 * a cluster (aws-cloudformation roadmap #1775).
 *
 * A custom resource of the custom-resources Provider framework, with an onEvent and an
 * isComplete handler shipped in this package (bundled when the library is built; the AWS SDK
 * comes from the Lambda runtime). On delete it leaves the cluster as it is.
 *
 * The first deployment takes the cluster's creation plus MSK's rolling restart of every
 * broker, "up to 30 minutes or more"; the deployment fails after `CONNECTIVITY_TOTAL_TIMEOUT`.
 *
 * Internal: KafkaBridge builds it; a Firehose source depends on `resource`.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cluster-owner-action-turn-on.html
 * @see https://docs.aws.amazon.com/firehose/latest/dev/writing-with-msk.html
 * @see https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1775
 */
export class MultiVpcConnectivity extends Construct {
  /** The custom resource: whatever reads the cluster through a managed VPC connection depends on it. */
  public readonly resource: CustomResource;
  /** The role both handlers run with. */
  public readonly role: iam.IRole;
  /** The Provider framework behind the custom resource. */
  public readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, props: MultiVpcConnectivityProps) {
    super(scope, id);

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Turns on MSK multi-VPC private connectivity (IAM) on one cluster',
    });
    for (const statement of connectivityHandlerStatements(Stack.of(this), props)) {
      role.addToPrincipalPolicy(statement);
    }
    this.role = role;
    acknowledgeDescribeWildcards(role);

    const { provider, resource } = createWaitingCustomResource(this, {
      role,
      logRetention: props.logRetention,
      onEvent: {
        functionClass: MultiVpcOnEventFunction,
        description: 'MSK multi-VPC connectivity: sends UpdateConnectivity (IAM on)',
      },
      isComplete: {
        functionClass: MultiVpcIsCompleteFunction,
        description: 'MSK multi-VPC connectivity: waits for the cluster to be ACTIVE with IAM on',
      },
      queryInterval: CONNECTIVITY_QUERY_INTERVAL,
      totalTimeout: CONNECTIVITY_TOTAL_TIMEOUT,
      resourceType: MULTI_VPC_CONNECTIVITY_RESOURCE_TYPE,
      properties: { [CLUSTER_ARN_PROPERTY]: props.clusterArn },
      dependsOn: props.cluster,
    });
    this.provider = provider;
    this.resource = resource;
  }
}

/**
 * What the handlers call, on that cluster only:
 * - `kafka:DescribeClusterV2` and `kafka:UpdateConnectivity` on the cluster's ARN (the service
 *   authorization reference gives both the `cluster` resource type);
 * - `ec2:DescribeSubnets` and `ec2:DescribeRouteTables`, which MSK calls with the caller's
 *   credentials to set up the PrivateLink service in the cluster's subnets (granted by AWS Labs'
 *   Data Solutions Framework for UpdateConnectivity; not in MSK's guide, so unconfirmed). EC2's
 *   Describe actions take no resource ARN: limited to the stack's Region instead;
 * - with a customer-managed key, `kms:CreateGrant` and `kms:DescribeKey` on it (same source).
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmanagedstreamingforapachekafka.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cross-account-permissions.html
 * @see https://github.com/awslabs/data-solutions-framework-on-aws/blob/main/framework/src/streaming/lib/msk/msk-helpers.ts
 */
export function connectivityHandlerStatements(stack: Stack, props: MultiVpcConnectivityProps): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      actions: ['kafka:DescribeClusterV2', 'kafka:UpdateConnectivity'],
      resources: [props.clusterArn],
    }),
    new iam.PolicyStatement({
      actions: ['ec2:DescribeSubnets', 'ec2:DescribeRouteTables'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:RequestedRegion': stack.region } },
    }),
  ];
  if (props.encryptionKey) {
    statements.push(new iam.PolicyStatement({
      actions: ['kms:CreateGrant', 'kms:DescribeKey'],
      resources: [props.encryptionKey.keyArn],
    }));
  }
  return statements;
}

/**
 * Lets clients reach the brokers through multi-VPC private connectivity: TCP
 * `MULTI_VPC_PORTS` (14001–14100, unconfirmed, see there) from `peer` into the brokers'
 * security groups. Which addresses the PrivateLink traffic arrives from inside the cluster's
 * VPC is not documented either; the cluster VPC's CIDR is the safe `peer`.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html
 */
export function allowMultiVpcClients(brokers: ec2.IConnectable, peer: ec2.IPeer): void {
  brokers.connections.allowFrom(peer, ec2.Port.tcpRange(MULTI_VPC_PORTS.from, MULTI_VPC_PORTS.to),
    'MSK multi-VPC private connectivity (managed VPC connections, e.g. Firehose)');
}

/** AwsSolutions-IAM5 on the EC2 Describe actions, which take no resource ARN. */
function acknowledgeDescribeWildcards(role: iam.IRole): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ec2:DescribeSubnets and ec2:DescribeRouteTables support no resource-level permission; '
      + 'read-only, limited to the stack\'s Region by aws:RequestedRegion.',
  });
}
