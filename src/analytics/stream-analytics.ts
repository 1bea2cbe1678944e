import { Annotations, ArnFormat, CfnResource, CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kda from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createApplicationAlarms } from './application-alarms';
import { ApplicationMetrics } from './application-metrics';
import { applicationRole, grantLogging, grantVpcPlacement } from './application-role';
import { FlinkRuntime } from './flink-runtime';
import { acknowledgeWildcards, BUCKET_READ_FINDINGS, WildcardGrant } from './nag-acknowledgements';
import { propertyGroups, SOURCE_GROUP } from './property-groups';
import { bindSinks, reachServices } from './sink-binding';
import { sourceLag } from './source-lag';
import { StartApplication } from './start-application';
import { StreamAnalyticsProps } from './stream-analytics-props';
import { checkAtLeast, checkRange } from '../common/checks';
import { fail, withPath } from '../common/input-error';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { FlinkPlan } from '../planning/flink/flink-plan';
import { FlinkSizing } from '../planning/flink/flink-sizing';
import { StreamReadMode } from '../source/read-mode';
import { IReaderBinding } from '../source/reader-binding';

const WARNING_PREFIX = 'cdk-streaming-pipelines:StreamAnalytics:';
/** Application names: 1–128 characters of `a-z A-Z 0-9 _ . -` (CreateApplication). */
const APPLICATION_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/**
 * A Managed Service for Apache Flink application reading any `IStreamSource`: sized from
 * its parallelism, granted its source and sinks, started after deploy and watched.
 *
 * - **Source.** Bound through the source, like every reader: read (and key decrypt) on a
 *   Kinesis stream, through an enhanced fan-out consumer registered by the stream if asked;
 *   on a Kafka topic, the application runs in the bridge's VPC and subnets with its own
 *   security group, the brokers are opened to it on 9098, and it reads as its own consumer
 *   group. The job finds it in the `Source` property group.
 * - **Sinks.** Each granted least privilege and described in `Sink.<name>`; from a Kafka
 *   source's VPC, Kinesis, S3 and DynamoDB are reached through VPC endpoints.
 * - **Started.** CloudFormation leaves a new application READY; a custom resource starts it
 *   (from its latest snapshot) and holds the deployment until it is RUNNING, or fails it
 *   with the reason. A running application is left alone on update.
 * - **Safe state.** Checkpointing and snapshots on, explicitly; logs kept `logRetention`.
 * - **Sized and priced** by `FlinkSizing.plan()`: KPUs = ceil(parallelism ÷
 *   parallelismPerKpu) + 1 orchestration KPU, running storage, monthly cost.
 * - **Alarms** by `Application`: downtime (1.x) or restarting and failing time (2.x),
 *   failed checkpoints, checkpoint duration against the interval, source lag, CPU, heap.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/what-is.html
 */
export class StreamAnalytics extends Construct {
  /** The application. */
  public readonly application: kda.CfnApplication;
  /** The application's name (a token unless `applicationName` was given). */
  public readonly applicationName: string;
  /** The application's ARN. */
  public readonly applicationArn: string;
  /** The Flink version it runs. */
  public readonly runtime: FlinkRuntime;
  /** The service execution role: what the job may do. */
  public readonly role: iam.IRole;
  /** The log group the job logs to. */
  public readonly logGroup: logs.ILogGroup;
  /** KPUs, running storage and cost. */
  public readonly plan: FlinkPlan;
  /** The application's property groups, by id, as the job reads them. */
  public readonly properties: { [groupId: string]: { [key: string]: string } };
  /**
   * The custom resource that starts the application: what needs the job running depends on it.
   * @default - none (`startAfterDeploy: false`)
   */
  public readonly started?: CustomResource;
  /**
   * The application's security group, when it runs in a VPC (a Kafka source's).
   * @default - none: the application runs outside any VPC
   */
  public readonly connections?: ec2.Connections;

  private readonly metrics: ApplicationMetrics;
  /** @internal */
  public readonly _binding: IReaderBinding;
  private readonly alarmFactory: AlarmFactory;

  constructor(scope: Construct, id: string, props: StreamAnalyticsProps) {
    super(scope, id);
    this.runtime = props.runtime ?? FlinkRuntime.FLINK_1_20;
    const checkpointInterval = props.checkpointInterval ?? Duration.minutes(1);
    const minPause = props.minPauseBetweenCheckpoints ?? Duration.seconds(5);
    const latencyObjective = props.latencyObjective ?? Duration.minutes(1);
    this.checkProps(props, checkpointInterval, minPause, latencyObjective);

    const parallelism = props.parallelism ?? (props.workload ? withPath(this, () => FlinkSizing.parallelismFor(props.workload!)) : undefined);
    const workload = { parallelism, parallelismPerKpu: props.parallelismPerKpu, autoScaling: props.autoScaling };
    const planOptions = { maxKpus: props.maxKpus, prices: props.prices };
    // Checked, and the parallelism settled, before the source counts the job as a reader.
    const planned = withPath(this, () => FlinkSizing.plan(workload, planOptions));

    this._binding = props.source.bindReader(this, {
      readerName: props.readerName ?? id,
      readMode: props.readMode ?? StreamReadMode.POLLING,
      latencyObjective,
      parallelism: planned.parallelism,
    });
    // The source's plan is read once it counts this job: read before, it changes under the job's own
    // binding (an enhanced fan-out consumer), and the stream warns that its plan was read early.
    this.plan = withPath(this, () => FlinkSizing.plan({ ...workload, sourceParallelism: props.source.plan?.shardCount }, planOptions));
    for (const warning of this.plan.warnings) {
      Annotations.of(this).addWarningV2(WARNING_PREFIX + warning.id, `${this.node.path}: ${warning.message}`);
    }

    const role = applicationRole(this);
    this.role = role;
    const readsSchema = (props.readsSchema ?? false) && props.source.schema !== undefined;
    this._binding.grantRead(role, { includeSchema: readsSchema });
    const wildcards: WildcardGrant[] = [];
    if (readsSchema) {
      wildcards.push({ findings: ['Resource::*'], reason: 'Deserializers look schema versions up by id with glue:GetSchemaVersion, which Glue cannot scope to a schema.' });
    }

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS, removalPolicy });
    const logStream = new logs.LogStream(this, 'LogStream', { logGroup, removalPolicy });
    this.logGroup = logGroup;
    const logStreamArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroup.logGroupName}:log-stream:${logStream.logStreamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    wildcards.push(grantLogging(role, logGroup, logStreamArn));

    const code = props.code.bind(this);
    code.bucket.grantRead(role, code.fileKey);
    wildcards.push({ findings: BUCKET_READ_FINDINGS, reason: 'aws-cdk-lib\'s grantRead on the application\'s code object only.' });

    const network = this._binding.jobNetwork();
    let vpcConfigurations: kda.CfnApplication.VpcConfigurationProperty[] | undefined;
    let securityGroup: ec2.SecurityGroup | undefined;
    if (network) {
      securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: network.vpc,
        description: `Managed Flink application ${this.node.path}`,
        allowAllOutbound: true,
      });
      this.connections = securityGroup.connections;
      this._binding.allowJob(securityGroup);
      wildcards.push(grantVpcPlacement(role));
      vpcConfigurations = [{
        securityGroupIds: [securityGroup.securityGroupId],
        subnetIds: network.vpc.selectSubnets(network.vpcSubnets).subnetIds,
      }];
    }

    const sinks = bindSinks(this, props.sinks ?? [], role, this._binding, securityGroup);
    // A deserializer in the source's VPC looks schema versions up in Glue from there.
    const schemaEndpoints = readsSchema && securityGroup ? reachServices(this, this._binding, securityGroup, ['glue'], '`readsSchema`') : [];
    const libraryGroups = { [SOURCE_GROUP]: this._binding.jobProperties(), ...sinks.groups };
    wildcards.push(...sinks.wildcards);
    acknowledgeWildcards(role, wildcards);
    const groups = withPath(this, () => propertyGroups(libraryGroups, props.propertyGroups));
    this.properties = { ...libraryGroups, ...(props.propertyGroups ?? {}) };

    this.application = new kda.CfnApplication(this, 'Resource', {
      applicationName: props.applicationName,
      runtimeEnvironment: this.runtime.value,
      serviceExecutionRole: role.roleArn,
      applicationConfiguration: {
        applicationCodeConfiguration: {
          codeContent: { s3ContentLocation: { bucketArn: code.bucket.bucketArn, fileKey: code.fileKey, objectVersion: code.objectVersion } },
          codeContentType: 'ZIPFILE',
        },
        environmentProperties: { propertyGroups: groups },
        flinkApplicationConfiguration: {
          checkpointConfiguration: {
            configurationType: 'CUSTOM',
            checkpointingEnabled: true,
            checkpointInterval: checkpointInterval.toMilliseconds(),
            minPauseBetweenCheckpoints: minPause.toMilliseconds(),
          },
          monitoringConfiguration: { configurationType: 'CUSTOM', metricsLevel: 'APPLICATION', logLevel: 'INFO' },
          parallelismConfiguration: {
            configurationType: 'CUSTOM',
            parallelism: this.plan.parallelism,
            parallelismPerKpu: this.plan.parallelismPerKpu,
            autoScalingEnabled: this.plan.autoScaling,
          },
        },
        applicationSnapshotConfiguration: { snapshotsEnabled: true },
        vpcConfigurations,
      },
    });
    this.application.applyRemovalPolicy(removalPolicy);
    // Managed Flink checks the role's access to the code (and the VPC) when it creates the application.
    this.application.node.addDependency(role);
    this.applicationName = this.application.ref;
    this.applicationArn = Stack.of(this).formatArn({
      service: 'kinesisanalytics', resource: 'application', resourceName: this.applicationName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    const logging = new kda.CfnApplicationCloudWatchLoggingOption(this, 'Logging', {
      applicationName: this.application.ref,
      cloudWatchLoggingOption: { logStreamArn },
    });
    logging.applyRemovalPolicy(removalPolicy);

    if (props.startAfterDeploy ?? true) {
      const start = new StartApplication(this, 'Start', {
        applicationName: this.application.ref,
        application: this.application,
        allowNonRestoredState: props.allowNonRestoredState,
        logRetention: props.logRetention,
      });
      // Start once the job can log, reach its sinks and read its source (a Kafka topic is created first). The source's
      // own resource only, when it has one: the construct would bring every reader registered under it (other readers'
      // stream consumers); an imported stream or topic has none.
      const source = this._binding.resource.node.defaultChild;
      const sourceResource = source instanceof CfnResource ? [source] : [];
      start.resource.node.addDependency(logging, ...sourceResource, ...sinks.endpoints, ...schemaEndpoints);
      this.started = start.resource;
    }

    this.metrics = new ApplicationMetrics(this.applicationName);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createApplicationAlarms(this.alarmFactory, {
        label: `Managed Flink application ${this.node.path}`,
        flinkMajorVersion: this.runtime.majorVersion,
        expectRunning: props.startAfterDeploy ?? true,
        autoScaling: this.plan.autoScaling,
        downtime: this.metricDowntime(),
        restartingTime: this.metricRestartingTime(),
        failingTime: this.metricFailingTime(),
        // At the alarm's 5-minute period: the math expression would override a 1-minute one, with a warning on every application.
        failedCheckpoints: this.metricNumberOfFailedCheckpoints({ period: Duration.minutes(5) }),
        lastCheckpointDuration: this.metricLastCheckpointDuration(),
        checkpointInterval,
        cpuUtilization: this.metricCpuUtilization(),
        heapMemoryUtilization: this.metricHeapMemoryUtilization(),
        lag: withPath(this, () => sourceLag(this, props, latencyObjective, checkpointInterval)),
      });
      // Created once the job runs, so that a first deployment does not page while it starts.
      for (const alarm of this.alarmFactory.alarms) {
        if (this.started) {
          alarm.node.addDependency(this.started);
        }
      }
    }
  }

  /** The application's alarms. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /** Any `AWS/KinesisAnalytics` metric of the application, by `Application`; Maximum over 1 minute by default. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric(metricName, props);
  }

  /** `downtime`: how long the job has been down in its current outage, in ms (Flink 1.x; deprecated in 2.x). */
  public metricDowntime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('downtime', props);
  }

  /** `restartingTime`: how long the job has been restarting, in ms (Flink 2.x). */
  public metricRestartingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('restartingTime', props);
  }

  /** `failingTime`: how long the job has been failing, in ms (Flink 2.x). */
  public metricFailingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('failingTime', props);
  }

  /** `numberOfFailedCheckpoints`: checkpoints failed since the job started (a count that only grows until a restart). */
  public metricNumberOfFailedCheckpoints(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('numberOfFailedCheckpoints', props);
  }

  /** `lastCheckpointDuration`: how long the last checkpoint took, in ms. */
  public metricLastCheckpointDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('lastCheckpointDuration', props);
  }

  /** `cpuUtilization`: CPU of the task managers, percent (one sample per task manager). */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('cpuUtilization', props);
  }

  /** `heapMemoryUtilization`: heap used by the task managers, percent. */
  public metricHeapMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('heapMemoryUtilization', props);
  }

  /**
   * `millisBehindLatest`: how far the job reads behind a Kinesis stream, in ms, the largest
   * over every dimension the connector publishes it with (a Metrics Insights query);
   * over 1 minute by default.
   */
  public metricMillisBehindLatest(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return this.metrics.maxOverAllDimensions('millisBehindLatest', { label: 'millisBehindLatest (ms)', ...props });
  }

  /**
   * `records_lag_max`: the most records the job's Kafka consumer is behind on a partition,
   * the largest over every dimension the connector publishes it with (a Metrics Insights
   * query); over 1 minute by default.
   */
  public metricRecordsLagMax(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return this.metrics.maxOverAllDimensions('records_lag_max', { label: 'records_lag_max (records)', ...props });
  }

  private checkProps(props: StreamAnalyticsProps, checkpointInterval: Duration, minPause: Duration, latencyObjective: Duration): void {
    if (props.applicationName !== undefined && !Token.isUnresolved(props.applicationName) && !APPLICATION_NAME.test(props.applicationName)) {
      fail(this, `\`applicationName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${props.applicationName}'`);
    }
    if (props.parallelism !== undefined && props.workload !== undefined) {
      fail(this, '`parallelism` and `workload` both set the parallelism: give one of them');
    }
    withPath(this, () => {
      // Managed Flink takes any interval of at least 1 ms and any pause of at least 0 (FlinkApplicationConfiguration).
      checkAtLeast({ name: 'checkpointInterval', unit: 'ms' }, checkpointInterval.toMilliseconds(), 1);
      checkAtLeast({ name: 'minPauseBetweenCheckpoints', unit: 'ms' }, minPause.toMilliseconds(), 0);
      checkAtLeast({ name: 'latencyObjective', unit: 'ms' }, latencyObjective.toMilliseconds(), 1);
      checkRange({ name: 'maxLagRecords', unit: 'records' }, props.maxLagRecords, 1, Number.MAX_SAFE_INTEGER, true);
    });
  }
}
