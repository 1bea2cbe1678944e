import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DedicatedMasters } from './dedicated-masters';
import { SecureSearchDomainProps } from './secure-search-domain-props';
import { checkAtLeast, checkRange } from '../../common/checks';
import { InputError } from '../../common/input-error';
import { checkVpcPlacement } from '../../firehose/vpc-delivery';

/** Domain names OpenSearch Service accepts. */
const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;
const DEFAULT_VOLUME_GIB = 100;
const DEFAULT_ZONES = 3;

/** The sizes of a secure domain, resolved from its props and checked. */
export interface SecureDomainSettings {
  readonly availabilityZoneCount: number;
  readonly dataNodes: number;
  readonly dataNodeInstanceType: string;
  readonly masters: DedicatedMasters;
  readonly volumeSizeGiB: number;
  /** One subnet per zone, when in a VPC. */
  readonly subnets?: ec2.ISubnet[];
}

/**
 * Resolves and checks a `SecureSearchDomain`'s props, with no construct: the zones (2 or
 * 3, and with a VPC, no more than its subnets' zones; tokens pass), data nodes as a multiple of the
 * zones, 3 or 5 dedicated masters or a reason for none, a volume of 10 GiB at least, and
 * the domain name. Throws an `InputError` naming the prop, the range and the value.
 */
export function secureDomainSettings(props: SecureSearchDomainProps): SecureDomainSettings {
  checkVpcPlacement(props, 'a domain');
  const zoneSubnets = props.vpc ? props.vpc.selectSubnets({ ...props.vpcSubnets, onePerAz: true }).subnets : undefined;
  const availableZones = zoneSubnets ? Math.min(DEFAULT_ZONES, zoneSubnets.length) : DEFAULT_ZONES;
  if (zoneSubnets && zoneSubnets.length < 2) {
    throw new InputError(`\`vpcSubnets\` must select subnets in 2 or 3 availability zones, got ${zoneSubnets.length}: `
      + 'the domain spreads its nodes over zones');
  }
  // Tokens pass (CloudFormation checks them): a token zone count takes every selected zone's subnet, up to 3.
  const availabilityZoneCount = props.availabilityZoneCount ?? availableZones;
  const zonesKnown = !Token.isUnresolved(availabilityZoneCount);
  checkRange({ name: 'availabilityZoneCount' }, availabilityZoneCount, 2, availableZones, true);
  const dataNodes = props.dataNodes ?? availabilityZoneCount;
  checkAtLeast({ name: 'dataNodes' }, dataNodes, zonesKnown ? availabilityZoneCount : 2);
  if (zonesKnown && !Token.isUnresolved(dataNodes) && (!Number.isInteger(dataNodes) || dataNodes % availabilityZoneCount !== 0)) {
    throw new InputError(`\`dataNodes\` must be a multiple of the ${availabilityZoneCount} availability zones, got ${dataNodes}: `
      + 'OpenSearch Service spreads data nodes evenly over the zones');
  }
  const masters = props.dedicatedMasters ?? DedicatedMasters.of();
  if (masters.count !== undefined && !Token.isUnresolved(masters.count) && masters.count !== 3 && masters.count !== 5) {
    throw new InputError(`\`dedicatedMasters\` must have 3 or 5 nodes, got ${masters.count}: an odd number keeps a quorum `
      + 'when one master node is lost');
  }
  if (masters.omittedBecause !== undefined && masters.omittedBecause.trim() === '') {
    throw new InputError('`dedicatedMasters`: `DedicatedMasters.none()` needs a reason, got an empty one');
  }
  const volumeSizeGiB = props.volumeSizeGiB ?? DEFAULT_VOLUME_GIB;
  checkAtLeast({ name: 'volumeSizeGiB', unit: 'GiB' }, volumeSizeGiB, 10);
  if (props.domainName !== undefined && !Token.isUnresolved(props.domainName) && !DOMAIN_NAME.test(props.domainName)) {
    throw new InputError('`domainName` must be 3-28 lower-case letters, digits and hyphens, starting with a letter, '
      + `got '${props.domainName}'`);
  }
  return {
    availabilityZoneCount,
    dataNodes,
    dataNodeInstanceType: props.dataNodeInstanceType ?? 'r7g.large.search',
    masters,
    volumeSizeGiB,
    subnets: zoneSubnets?.slice(0, zonesKnown ? availabilityZoneCount : availableZones),
  };
}
