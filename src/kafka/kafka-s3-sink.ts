import { Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kafkaconnect from 'aws-cdk-lib/aws-kafkaconnect';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createConsumerLagAlarm } from './cluster-alarms';
import type { KafkaBridge } from './kafka-bridge';
import { KafkaS3SinkConstructProps } from './kafka-s3-sink-props';
import { KafkaTopic } from './kafka-topic';
import { createS3SinkRole } from './s3-sink-role';
import { S3SinkSettings, s3SinkConnectorConfiguration, s3SinkSettings, s3SinkWorkerProperties } from './s3-sink-settings';
import { createLakeBucket } from '../archive/lake-bucket';
import { encryptedLogGroup } from '../common/encrypted-log-group';
import { fail, withPath } from '../common/input-error';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** The lag alarm fires when the connector needs a quarter of the topic's retention to catch up, as the readers' backstops do. */
const LAG_RETENTION_SHARE = 0.25;
/** MSK Connect publishes its metrics once a minute; the alarms look at 5-minute periods. */
const PERIOD = Duration.minutes(5);

/**
 * The reference document's own Kafka → lake path: an MSK Connect connector running a
 * user-supplied S3 sink plugin (Confluent's by default) that copies topics of a
 * `KafkaBridge` into S3, in day folders.
 *
 * Secure by default: IAM client authentication and TLS to the brokers, from the
 * brokers' subnets and security groups; a service execution role that MSK Connect can
 * assume for this connector only, reading the given topics as the connector's own
 * group and writing under the prefix only; logs kept in CloudWatch; a bucket that is
 * versioned, encrypted, TLS only, private and retained. The brokers' subnets reach S3
 * through a gateway endpoint.
 *
 * @example
 * declare const bridge: KafkaBridge;
 * declare const plugins: s3.IBucket;
 * const orders = bridge.addTopic('orders');
 * bridge.addS3Sink('OrdersToLake', {
 *   topics: [orders],
 *   plugin: ConnectorPlugin.fromS3Object(plugins, 'confluentinc-kafka-connect-s3-10.5.0.zip'),
 * });
 */
export class KafkaS3Sink extends Construct {
  /** The connector's name, also in its metrics' `ConnectorName` dimension. */
  public readonly connectorName: string;
  /** The consumer group the connector reads as: `connect-<connector name>`. */
  public readonly consumerGroup: string;
  /** ARN of the connector. */
  public readonly connectorArn: string;
  /** The bucket the records go to. */
  public readonly bucket: s3.IBucket;
  /** The folder the records go under, e.g. `kafka/`. */
  public readonly prefix: string;
  /** The connector's service execution role. */
  public readonly role: iam.IRole;
  /** The workers' log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The connector resource. */
  public readonly connector: kafkaconnect.CfnConnector;
  /**
   * The custom plugin created from the S3 object.
   * @default - none: an existing plugin was given
   */
  public readonly customPlugin?: kafkaconnect.CfnCustomPlugin;
  /** The topics copied. */
  public readonly topics: KafkaTopic[];

  private readonly alarmFactory: AlarmFactory;

  constructor(scope: Construct, id: string, props: KafkaS3SinkConstructProps) {
    super(scope, id);
    const bridge = props.bridge;
    checkTopics(this, bridge, props.topics);
    this.topics = [...props.topics];
    const settings = withPath(this, () => s3SinkSettings({
      ...props,
      connectorName: props.connectorName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
    }));
    const capacity = withPath(this, () => settings.capacity._render());
    const pluginFile = withPath(this, () => props.plugin._file());
    const existingPlugin = withPath(this, () => props.plugin._existing());
    this.connectorName = settings.connectorName;
    this.consumerGroup = settings.consumerGroup;
    this.prefix = settings.prefix;
    if (!Token.isUnresolved(this.connectorName)) {
      bridge._claimConsumerGroup(this, this.consumerGroup);
    }
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);

    this.bucket = props.bucket ?? this.newBucket(props.encryptionKey);
    this.logGroup = workerLogGroup(this, props.encryptionKey, props.logRetention ?? logs.RetentionDays.ONE_YEAR);
    const role = createS3SinkRole(this, 'ServiceRole', {
      bridge,
      topics: this.topics,
      connectorName: this.connectorName,
      consumerGroup: this.consumerGroup,
      bucket: this.bucket,
      prefix: this.prefix,
    });
    this.role = role;
    // The workers run in the brokers' subnets, which have no route to S3 but an endpoint.
    const s3Endpoint = bridge._reachService('s3');

    let plugin = existingPlugin ? { customPluginArn: existingPlugin.arn, revision: existingPlugin.revision } : undefined;
    if (pluginFile) {
      this.customPlugin = new kafkaconnect.CfnCustomPlugin(this, 'Plugin', {
        name: Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
        contentType: pluginFile.contentType,
        location: {
          s3Location: { bucketArn: pluginFile.bucket.bucketArn, fileKey: pluginFile.key, objectVersion: pluginFile.objectVersion },
        },
      });
      plugin = { customPluginArn: this.customPlugin.attrCustomPluginArn, revision: this.customPlugin.attrRevision };
    }
    const workers = new kafkaconnect.CfnWorkerConfiguration(this, 'WorkerConfiguration', {
      name: Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: `Converters of ${this.connectorName}`,
      propertiesFileContent: Buffer.from(s3SinkWorkerProperties(settings.format)).toString('base64'),
    });

    const connections = bridge.connections;
    const connector = new kafkaconnect.CfnConnector(this, 'Resource', {
      connectorName: this.connectorName,
      connectorDescription: `Copies ${this.topics.map(t => t.topicName).join(', ')} to S3 under ${this.prefix}`,
      kafkaConnectVersion: settings.kafkaConnectVersion.version,
      capacity,
      connectorConfiguration: s3SinkConnectorConfiguration(settings, this.topics.map(t => t.topicName), this.bucket.bucketName,
        Stack.of(this).region),
      kafkaCluster: {
        apacheKafkaCluster: {
          bootstrapServers: bridge.bootstrapBrokers,
          vpc: {
            subnets: bridge.vpc.selectSubnets(bridge.vpcSubnets).subnetIds,
            securityGroups: connections.securityGroups.map(g => g.securityGroupId),
          },
        },
      },
      kafkaClusterClientAuthentication: { authenticationType: 'IAM' },
      kafkaClusterEncryptionInTransit: { encryptionType: 'TLS' },
      logDelivery: { workerLogDelivery: { cloudWatchLogs: { enabled: true, logGroup: this.logGroup.logGroupName } } },
      plugins: [{ customPlugin: plugin! }],
      serviceExecutionRoleArn: role.roleArn,
      workerConfiguration: { workerConfigurationArn: workers.attrWorkerConfigurationArn, revision: workers.attrRevision },
    });
    // MSK Connect checks the role when it creates the connector: its policy must exist first.
    connector.node.addDependency(role);
    // A task whose first S3 call fails stays FAILED: the endpoint comes first.
    if (s3Endpoint) {
      connector.node.addDependency(s3Endpoint);
    }
    for (const topic of this.topics) {
      if (topic.resource) {
        connector.node.addDependency(topic.resource);
      }
    }
    this.connector = connector;
    this.connectorArn = connector.attrConnectorArn;

    if (props.createAlarms ?? true) {
      this.createAlarms(settings);
    }
  }

  /** The sink's alarms. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /**
   * A metric of the connector, dimensioned by `ConnectorName`.
   * @param metricName e.g. 'SinkRecordSendRate'
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/mkc-monitoring-overview.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/KafkaConnect',
      metricName,
      dimensionsMap: { ConnectorName: this.connectorName },
      period: PERIOD,
      ...props,
    });
  }

  /** Tasks in error: maximum over 5 minutes. A task in error copies nothing until the connector is restarted. */
  public metricErroredTaskCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ErroredTaskCount', { statistic: 'Maximum', ...props });
  }

  /** Tasks running: minimum over 5 minutes. */
  public metricRunningTaskCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RunningTaskCount', { statistic: 'Minimum', ...props });
  }

  /** The workers' CPU, in percent: average over 5 minutes. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CpuUtilization', { statistic: 'Average', ...props });
  }

  private newBucket(encryptionKey: kms.IKey | undefined): s3.Bucket {
    const bucket = createLakeBucket(this, 'Bucket', { encryptionKey, athenaResults: false });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: `Only connector ${this.connectorName} writes to this bucket, under ${this.prefix}; server access logs are optional: `
        + 'give `bucket` (one with access logs) to keep them.',
    });
    return bucket;
  }

  private createAlarms(settings: S3SinkSettings): void {
    const where = `connector ${this.connectorName} (${this.node.path})`;
    this.alarmFactory.create({
      id: 'ErroredTasksAlarm',
      metric: this.metricErroredTaskCount(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No data while the connector is created or deleted: no errored task to report.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `A task of ${where} failed and copies nothing to S3 while records age out of the topics. Read the error in log group `
        + `${this.logGroup.logGroupName}; fix the cause (permissions, plugin, bucket) and update or re-create the connector.`,
    });
    this.alarmFactory.create({
      id: 'NoRunningTaskAlarm',
      metric: this.metricRunningTaskCount(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // A connector that failed outright publishes nothing: silence means nothing is copied.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      description: `${where} has had no running task for 15 minutes: nothing reaches S3. Check the connector's state in the MSK Connect `
        + `console and its log group ${this.logGroup.logGroupName}; a FAILED connector must be re-created.`,
    });
    const scaling = settings.capacity.isAutoScaled
      ? 'it is at its most workers: raise maxWorkerCount or mcuCount'
      : 'give it more workers or MCUs, or make it autoscaled';
    this.alarmFactory.create({
      id: 'CpuAlarm',
      metric: this.metricCpuUtilization(),
      threshold: 80,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // Missing CPU data is the no-running-task alarm's concern.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `The workers of ${where} have used over 80% CPU for 15 minutes and fall behind the topics: ${scaling}.`,
    });
    // A connector that falls behind loses what expires from the topic before it is copied.
    for (const topic of this.topics) {
      createConsumerLagAlarm(this.alarmFactory, {
        id: `LagAlarm${Names.nodeUniqueId(topic.node)}`,
        label: `MSK Connect S3 sink ${this.node.path}`,
        clusterName: topic.bridge.clusterName,
        topicName: topic.topicName,
        consumerGroup: this.consumerGroup,
        threshold: Duration.seconds(Math.round(topic.retention.toSeconds() * LAG_RETENTION_SHARE)),
      });
    }
  }
}

/** One or more topics, all of this bridge's cluster. */
function checkTopics(scope: Construct, bridge: KafkaBridge, topics: KafkaTopic[]): void {
  if (topics.length === 0) {
    fail(scope, `\`topics\` must name at least one topic of ${bridge.node.path}, got none`);
  }
  for (const topic of topics) {
    if (topic.bridge !== bridge) {
      fail(scope, `\`topics\`: topic '${topic.topicName}' is on ${topic.bridge.node.path}, not ${bridge.node.path}: a connector reads one `
        + 'cluster; add the sink to that bridge or the topic to this one');
    }
  }
}

/** The workers' log group, encrypted with the key when given. */
function workerLogGroup(scope: Construct, key: kms.IKey | undefined, retention: logs.RetentionDays): logs.LogGroup {
  return encryptedLogGroup(scope, 'WorkerLogs', { encryptionKey: key, retention, removalPolicy: RemovalPolicy.RETAIN });
}
