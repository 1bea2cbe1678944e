import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { resourceFinding, WildcardGrant } from './nag-acknowledgements';

/**
 * What Managed Flink calls with the application's role to place it in a VPC: the network
 * interfaces of its task managers. EC2 takes no resource ARN for the Describe actions and
 * none Managed Flink documents for the others.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/vpc-permissions.html
 */
const VPC_ACTIONS = [
  'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeDhcpOptions',
  'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
];

/**
 * The application's service execution role, assumed by Managed Flink for this account only
 * (`aws:SourceAccount`, against the confused deputy).
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/cross-service-confused-deputy-prevention.html
 */
export function applicationRole(scope: Construct): iam.Role {
  return new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
    description: `Managed Flink application ${scope.node.path}`,
  });
}

/**
 * Lets the application write its log stream: PutLogEvents on the stream, and the two
 * Describe calls Managed Flink makes to check the logging option (DescribeLogGroups lists
 * the account's groups, so its resource is every group of the Region).
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/cloudwatch-logs.html
 */
export function grantLogging(role: iam.Role, logGroup: logs.ILogGroup, logStreamArn: string): WildcardGrant {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logStreamArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [logGroup.logGroupArn] }));
  const allGroups = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [allGroups] }));
  return {
    findings: [resourceFinding(role, allGroups)],
    reason: 'logs:DescribeLogGroups lists the log groups of the account and Region; it takes no single group\'s ARN. Read-only.',
  };
}

/** Lets Managed Flink create the application's network interfaces in its VPC. */
export function grantVpcPlacement(role: iam.Role): WildcardGrant {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: VPC_ACTIONS, resources: ['*'] }));
  return {
    findings: ['Resource::*'],
    reason: 'Managed Flink creates and describes the task managers\' network interfaces in the VPC with these EC2 actions, '
      + 'which take no resource ARN it documents (Managed Flink\'s VPC permissions page grants them on *).',
  };
}
