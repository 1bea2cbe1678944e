import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct } from 'constructs';
import { serverProperties } from './cluster-configuration';
import { KafkaVersion } from './kafka-version';
import { encryptedLogGroup } from '../common/encrypted-log-group';
import { KafkaBrokerType } from '../planning/msk/kafka-broker-type';
import { KafkaInstanceType } from '../planning/msk/kafka-instance-type';

/**
 * MSK's level of CloudWatch metrics. DEFAULT (free) publishes what the Standard alarms
 * watch: CPU, disk, partition health, the controller and consumer lag. The throttle
 * times the Express alarms watch start at PER_BROKER (billed per metric), so Express
 * clusters get that level: an alarm without its metric never fires.
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details-express.html
 */
const MONITORING_LEVEL = { STANDARD: 'DEFAULT', EXPRESS: 'PER_BROKER' } as const;

/** What a new provisioned cluster is made of, every value decided by the bridge. */
export interface ProvisionedClusterSpec {
  readonly clusterName: string;
  readonly kafkaVersion: KafkaVersion;
  readonly brokerType: KafkaBrokerType;
  readonly instanceType: KafkaInstanceType;
  readonly brokerCount: number;
  /** Standard brokers only. */
  readonly storageGibPerBroker?: number;
  readonly replicationFactor: number;
  readonly subnetIds: string[];
  readonly securityGroups: ec2.ISecurityGroup[];
  readonly encryptionKey?: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A provisioned cluster (Standard or Express brokers) that keeps every record safe:
 * IAM client authentication only, TLS between clients and brokers and between brokers,
 * storage encrypted (with the given key, or an AWS-managed one), a managed configuration
 * (`serverProperties()`), and broker logs kept in an encrypted log group (Standard
 * brokers: Express brokers take no log delivery settings).
 */
export function createProvisionedCluster(scope: Construct, spec: ProvisionedClusterSpec): msk.CfnCluster {
  const express = spec.brokerType === KafkaBrokerType.EXPRESS;
  const configuration = new msk.CfnConfiguration(scope, 'Configuration', {
    name: `${spec.clusterName}-configuration`,
    description: express
      ? 'cdk-streaming-pipelines: no topic auto-creation (Express fixes replication at 3 and min.insync.replicas at 2)'
      : 'cdk-streaming-pipelines: no topic auto-creation, replication factor 3, min.insync.replicas 2, no unclean leader election',
    kafkaVersionsList: [spec.kafkaVersion.version],
    serverProperties: serverProperties(spec.brokerType, spec.replicationFactor),
  });
  configuration.applyRemovalPolicy(spec.removalPolicy);

  const logGroup = express ? undefined : brokerLogGroup(scope, spec);
  const cluster = new msk.CfnCluster(scope, 'Resource', {
    clusterName: spec.clusterName,
    kafkaVersion: spec.kafkaVersion.version,
    numberOfBrokerNodes: spec.brokerCount,
    brokerNodeGroupInfo: {
      clientSubnets: spec.subnetIds,
      instanceType: spec.instanceType.instanceTypeName,
      securityGroups: spec.securityGroups.map(g => g.securityGroupId),
      storageInfo: express ? undefined : { ebsStorageInfo: { volumeSize: spec.storageGibPerBroker! } },
    },
    clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } },
    encryptionInfo: {
      encryptionAtRest: spec.encryptionKey ? { dataVolumeKmsKeyId: spec.encryptionKey.keyArn } : undefined,
      encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
    },
    configurationInfo: { arn: configuration.attrArn, revision: configuration.attrLatestRevisionRevision },
    enhancedMonitoring: express ? MONITORING_LEVEL.EXPRESS : MONITORING_LEVEL.STANDARD,
    loggingInfo: logGroup ? { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: logGroup.logGroupName } } } : undefined,
  });
  cluster.applyRemovalPolicy(spec.removalPolicy);
  return cluster;
}

/** The broker logs' group, encrypted with the cluster's key when one is given. */
function brokerLogGroup(scope: Construct, spec: ProvisionedClusterSpec): logs.LogGroup {
  return encryptedLogGroup(scope, 'BrokerLogs', { encryptionKey: spec.encryptionKey, retention: spec.logRetention, removalPolicy: spec.removalPolicy });
}
