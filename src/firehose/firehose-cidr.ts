import { CfnMapping, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';

/** One mapping per stack, shared by every sink in it that needs Firehose's addresses. */
const MAPPING_ID = 'cdk-streaming-pipelines.FirehoseCidrBlocks';

/**
 * The addresses Firehose connects from in the stack's Region, as a peer: Redshift
 * (`COPY`) is reached from Firehose's own network, not through network interfaces in a
 * VPC, so the cluster's or workgroup's security group must allow this block on its port.
 * A stack with a concrete Region gets the literal block (aws-cdk-lib's region facts); an
 * environment-agnostic stack gets a `Fn::FindInMap` into one mapping of every Region
 * aws-cdk-lib knows. Returns undefined when the Region has none.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs
 */
export function firehosePeer(scope: IConstruct): ec2.IPeer | undefined {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) {
    const block = RegionInfo.get(stack.region).firehoseCidrBlock;
    return block ? ec2.Peer.ipv4(block) : undefined;
  }
  const mapping = (stack.node.tryFindChild(MAPPING_ID) as CfnMapping | undefined) ?? new CfnMapping(stack, MAPPING_ID, {
    mapping: Object.fromEntries(RegionInfo.regions
      .filter(region => region.firehoseCidrBlock)
      .map(region => [region.name, { FirehoseCidrBlock: region.firehoseCidrBlock! }])),
    lazy: true,
  });
  return ec2.Peer.ipv4(mapping.findInMap(stack.region, 'FirehoseCidrBlock'));
}
