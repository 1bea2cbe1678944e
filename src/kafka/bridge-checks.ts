import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ExistingKafkaCluster, KafkaBridgeProps } from './kafka-bridge-props';
import { checkKnown, checkRange } from '../common/checks';
import { fail, InputError } from '../common/input-error';
import { MskLimits } from '../planning/msk/broker-capacity';
import { KafkaBrokerType } from '../planning/msk/kafka-broker-type';

/** Props that shape a new cluster, refused with `cluster`, which exists already. */
const NEW_CLUSTER_PROPS = [
  'vpc', 'vpcSubnets', 'workload', 'brokerType', 'instanceType', 'brokerCount', 'storageGibPerBroker', 'kafkaVersion',
  'serverless', 'clusterName', 'encryptionKey', 'securityGroups', 'logRetention', 'removalPolicy', 'prices',
] as const;

/** An existing cluster is described by `cluster` alone: a new-cluster prop beside it would be ignored. */
export function checkNoNewClusterProps(scope: Construct, props: KafkaBridgeProps): void {
  const given = NEW_CLUSTER_PROPS.filter(name => props[name] !== undefined);
  if (given.length > 0) {
    fail(scope, `${given.map(n => `\`${n}\``).join(', ')} shape${given.length === 1 ? 's' : ''} a new cluster, but \`cluster\` was given: `
      + 'describe the existing cluster in `cluster` (vpc, vpcSubnets, securityGroups, kafkaVersion, serverless, brokerType, brokerCount) and remove '
      + (given.length === 1 ? 'it' : 'them'));
  }
}

/**
 * Brokers go one per subnet, each subnet in its own Availability Zone: MSK takes 2 or 3
 * subnets (3 for Express), Serverless 2 to 5.
 */
export function checkSubnetCount(scope: Construct, subnetIds: string[], min: number, max: number, what: string): void {
  const count = subnetIds.length;
  if (count < min || count > max) {
    const range = min === max ? `${min}` : `${min}-${max}`;
    fail(scope, `\`vpcSubnets\` must select ${range} subnets in distinct Availability Zones for ${what}, got ${count}: `
      + (count < min ? 'use a VPC with more Availability Zones (a stack without an account and region sees only 2)' : 'select one subnet per Availability Zone'));
  }
}

/** EBS storage of a Standard broker: 1–16,384 GiB; Express brokers have none to size. */
export function checkStorage(storage: number | undefined, brokerType: KafkaBrokerType): void {
  if (storage === undefined) {
    return;
  }
  if (brokerType === KafkaBrokerType.EXPRESS) {
    throw new InputError(`\`storageGibPerBroker\` does not apply to Express brokers, whose storage grows as used, got ${storage}: remove it`);
  }
  if (!Token.isUnresolved(storage)) {
    checkRange({ name: 'storageGibPerBroker', unit: 'GiB' }, storage, MskLimits.MIN_STORAGE_GIB, MskLimits.MAX_STORAGE_GIB, true);
  }
}

/** An MSK cluster ARN: `arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`. */
const CLUSTER_ARN = /^arn:[\w-]+:kafka:[\w-]+:\d{12}:cluster\/[^/]+\/[^/]+$/;

/** What the bridge derives from an existing cluster's description must be derivable. */
export function checkExistingCluster(cluster: ExistingKafkaCluster): void {
  if (!Token.isUnresolved(cluster.clusterArn) && !CLUSTER_ARN.test(cluster.clusterArn)) {
    throw new InputError('`cluster.clusterArn` must be an MSK cluster ARN, arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>, '
      + `got '${cluster.clusterArn}'`);
  }
  checkKnown({ name: 'cluster.brokerCount' }, cluster.brokerCount);
  checkRange({ name: 'cluster.brokerCount' }, cluster.brokerCount, 1, MskLimits.MAX_BROKERS, true);
}
