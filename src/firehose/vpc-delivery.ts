import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import { Construct } from 'constructs';
import { DeliveryRole } from './delivery-role';
import { InputError } from '../common/input-error';

/** Where a delivery stream's network interfaces go. */
export interface VpcDeliveryOptions {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The groups of its network interfaces; a new one without them. */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** A delivery stream's VPC configuration and the groups its network interfaces are in. */
export interface VpcDelivery {
  readonly configuration: firehose.CfnDeliveryStream.VpcConfigurationProperty;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** The delivery stream's side of the network, to open the destination to (HTTPS, 443). */
  readonly connections: ec2.Connections;
}

/**
 * Firehose delivering into a VPC (OpenSearch domains and collections): network
 * interfaces in `vpcSubnets` (the VPC's default selection: private subnets first), in the given groups or a new
 * one (`id`) with no rules, with the role allowed to manage them. The destination must
 * still be opened to the groups on 443, from their side: `connections.allowTo(destination)`
 * adds the egress rule and the destination's ingress rule, both in the delivery's stack.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/vpc.html
 */
export function vpcDelivery(scope: Construct, id: string, role: DeliveryRole, options: VpcDeliveryOptions): VpcDelivery {
  const securityGroups = options.securityGroups ?? [newDeliveryGroup(scope, id, options.vpc)];
  const subnets = options.vpc.selectSubnets(options.vpcSubnets);
  role.grantVpcDelivery();
  return {
    configuration: {
      roleArn: role.role.roleArn,
      subnetIds: subnets.subnetIds,
      securityGroupIds: securityGroups.map(g => g.securityGroupId),
    },
    securityGroups,
    connections: new ec2.Connections({ securityGroups, defaultPort: ec2.Port.tcp(443) }),
  };
}

/**
 * A group with no inbound rules and, until the destination is opened to it
 * (`connections.allowTo(domain, Port.tcp(443))`), no outbound ones either: the egress
 * rule to the destination's group comes with that call.
 */
function newDeliveryGroup(scope: Construct, id: string, vpc: ec2.IVpc): ec2.SecurityGroup {
  return new ec2.SecurityGroup(scope, id, {
    vpc,
    description: `Firehose delivery of ${scope.node.path}: HTTPS to the destination only`,
    allowAllOutbound: false,
  });
}

/** The props that place something in a VPC. */
export interface VpcPlacementProps {
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * Refuses `vpcSubnets` or `securityGroups` without a `vpc`: they would silently do
 * nothing. `placed` says what they place ('a domain', 'delivery'). Throws an `InputError`.
 */
export function checkVpcPlacement(props: VpcPlacementProps, placed: string): void {
  if (props.vpc) {
    return;
  }
  for (const prop of ['vpcSubnets', 'securityGroups'] as const) {
    if (props[prop] !== undefined) {
      throw new InputError(`\`${prop}\` applies to ${placed} in a \`vpc\`, and there is none`);
    }
  }
}
