/**
 * The raw Managed Flink application: what the library's `StreamAnalytics` builds on a
 * Kinesis stream read through an enhanced fan-out consumer, written by hand with
 * aws-cdk-lib only, as a team would factor it once it runs two jobs (the analytics pair,
 * raw-analytics.ts, and the reference pipeline's analytics layer, raw-analytics-layer.ts):
 *
 * - the stream consumer, grouped under the stream like the stream's other readers;
 * - the service execution role, assumed by Managed Flink for this account only, granted
 *   the stream (through the consumer, with its key), the registered schema's versions if
 *   the job reads one, its log stream, its code object and its sinks;
 * - the log group and stream, the application (checkpoints, snapshots, parallelism,
 *   property groups `Source` and `Sink.<name>`) and its CloudWatch logging option;
 * - the start: a custom resource of the `custom-resources` Provider framework running the
 *   library's shipped handlers from the same asset folders (so the same asset hashes),
 *   which starts the application once deployed and waits until it runs;
 * - the alarms: downtime, failed checkpoints, checkpoint duration, CPU, heap and lag
 *   (a Metrics Insights query), created once the job runs.
 *
 * What the library derives (the parallelism from the workload, thresholds, property
 * names) is written out. Construct ids and nesting follow the library's, so the logical
 * ids match: the equivalence check compares them. Nothing is imported from src/.
 */
import * as path from 'path';
import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kda from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeProvider } from './raw-provider';

/** The library's shipped start handlers, bundled by `npx projen bundle` (see bench/assets.ts). */
const ON_EVENT_HANDLER = path.join(__dirname, '../../assets/analytics/start-application-on-event.lambda');
const IS_COMPLETE_HANDLER = path.join(__dirname, '../../assets/analytics/start-application-is-complete.lambda');
const MINUTE = Duration.minutes(1);
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
const FIVE_MINUTES = { evaluationPeriods: 5, datapointsToAlarm: 5 };
const TEN_MINUTES = { evaluationPeriods: 10, datapointsToAlarm: 10 };
/** Autoscaling is on: its 15-minute trigger and the restart come first. */
const THIRTY_MINUTES = { evaluationPeriods: 30, datapointsToAlarm: 30 };
/** aws-cdk-lib's bucket read grant, and read-write grant, in cdk-nag's findings. */
const BUCKET_READ = ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*'];
const BUCKET_READ_WRITE = [...BUCKET_READ, 'Action::s3:DeleteObject*', 'Action::s3:Abort*'];

/** One place the job writes: its property group, its grant, and the wildcards the grant causes. */
export interface RawAnalyticsSink {
  /** The sink's name: its property group is `Sink.<name>`. */
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly grant: (role: iam.IGrantable) => void;
  /** cdk-nag IAM5 findings of the grant, and why they are safe. */
  readonly wildcards?: { readonly findings: string[]; readonly reason: string };
}

/** Items to a DynamoDB table (AWS-managed encryption: no key to grant). */
export function tableSink(name: string, table: dynamodb.Table): RawAnalyticsSink {
  return {
    name,
    properties: { 'sink.type': 'dynamodb', 'table.name': table.tableName, 'table.arn': table.tableArn, 'aws.region': Stack.of(table).region },
    grant: role => table.grantWriteData(role),
  };
}

/** Files to a bucket, under `prefix`: read, write and delete there (Flink's S3 writer stages parts). */
export function bucketSink(name: string, bucket: s3.Bucket, prefix: string): RawAnalyticsSink {
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  return {
    name,
    properties: {
      'sink.type': 's3',
      'bucket.name': bucket.bucketName,
      'bucket.arn': bucket.bucketArn,
      'prefix': prefix,
      'path': `s3://${bucket.bucketName}/${prefix}`,
    },
    grant: role => bucket.grantReadWrite(role, `${prefix}*`),
    wildcards: {
      findings: [...BUCKET_READ_WRITE, `Resource::<${bucketId}.Arn>/${prefix}*`],
      reason: `aws-cdk-lib's grantReadWrite on the sink bucket's objects under '${prefix}' only: Flink's S3 writer stages `
        + 'in-progress parts as objects it reads back on recovery and removes once committed.',
    },
  };
}

/** The job: where it reads, what it runs, how wide, where it writes. */
export interface StreamAnalyticsOptions {
  readonly stream: kinesis.Stream;
  /** The enhanced fan-out consumer's name. */
  readonly readerName: string;
  /** The job deserializes with the registry's libraries: it may fetch the schema's versions by id. */
  readonly readsSchema: boolean;
  /** The job's code: a local folder uploaded as an asset, or an object already in a bucket. */
  readonly code: { readonly assetPath: string } | { readonly bucket: s3.IBucket; readonly fileKey: string };
  readonly parallelism: number;
  readonly sinks: RawAnalyticsSink[];
  readonly action: cloudwatch.IAlarmAction;
}

/** Adds the application as construct `id` under `scope`, its consumer under the stream. */
export function addStreamAnalytics(scope: Construct, id: string, o: StreamAnalyticsOptions): void {
  const job = new Construct(scope, id);
  const stack = Stack.of(job);
  const label = `Managed Flink application ${job.node.path}`;
  const { stream } = o;

  const readers = stream.node.tryFindChild('Readers') ?? new Construct(stream, 'Readers');
  const consumer = new kinesis.StreamConsumer(readers, o.readerName, { stream, streamConsumerName: o.readerName });

  const role = new iam.Role(job, 'Role', {
    assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description: label,
  });
  const wildcards = new Map<string, string[]>();
  const acknowledge = (findings: string[], reason: string) => {
    for (const finding of findings) {
      wildcards.set(finding, [...(wildcards.get(finding) ?? []), reason]);
    }
  };
  if (o.readsSchema) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['glue:GetSchemaVersion'], resources: ['*'] }));
    acknowledge(['Resource::*'], 'Deserializers look schema versions up by id with glue:GetSchemaVersion, which Glue cannot scope to a schema.');
  }
  consumer.grantRead(role);

  const logGroup = new logs.LogGroup(job, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
  const logStream = new logs.LogStream(job, 'LogStream', { logGroup, removalPolicy: RemovalPolicy.DESTROY });
  const logStreamArn = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `${logGroup.logGroupName}:log-stream:${logStream.logStreamName}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logStreamArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [logGroup.logGroupArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['logs:DescribeLogGroups'],
    resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  }));
  acknowledge(['Resource::arn:<AWS::Partition>:logs:us-east-1:111111111111:log-group:*'],
    'logs:DescribeLogGroups lists the log groups of the account and Region; it takes no single group\'s ARN. Read-only.');

  let code: { bucket: s3.IBucket; fileKey: string };
  if ('assetPath' in o.code) {
    const asset = new s3Assets.Asset(job, 'Code', { path: o.code.assetPath });
    code = { bucket: asset.bucket, fileKey: asset.s3ObjectKey };
  } else {
    code = o.code;
  }
  code.bucket.grantRead(role, code.fileKey);
  acknowledge(BUCKET_READ, 'aws-cdk-lib\'s grantRead on the application\'s code object only.');

  const propertyGroups: kda.CfnApplication.PropertyGroupProperty[] = [{
    propertyGroupId: 'Source',
    propertyMap: {
      'source.type': 'kinesis',
      'stream.arn': stream.streamArn,
      'stream.name': stream.streamName,
      'aws.region': stack.region,
      'consumer.arn': consumer.streamConsumerArn,
      'consumer.name': consumer.streamConsumerName,
    },
  }];
  for (const sink of o.sinks) {
    sink.grant(role);
    propertyGroups.push({ propertyGroupId: `Sink.${sink.name}`, propertyMap: sink.properties });
    if (sink.wildcards) {
      acknowledge(sink.wildcards.findings, sink.wildcards.reason);
    }
  }
  for (const [finding, reasons] of wildcards) {
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: reasons.join(' ') });
  }

  const application = new kda.CfnApplication(job, 'Resource', {
    runtimeEnvironment: 'FLINK-1_20',
    serviceExecutionRole: role.roleArn,
    applicationConfiguration: {
      applicationCodeConfiguration: {
        codeContent: { s3ContentLocation: { bucketArn: code.bucket.bucketArn, fileKey: code.fileKey } },
        codeContentType: 'ZIPFILE',
      },
      environmentProperties: { propertyGroups },
      flinkApplicationConfiguration: {
        checkpointConfiguration: {
          configurationType: 'CUSTOM',
          checkpointingEnabled: true,
          checkpointInterval: MINUTE.toMilliseconds(),
          minPauseBetweenCheckpoints: Duration.seconds(5).toMilliseconds(),
        },
        monitoringConfiguration: { configurationType: 'CUSTOM', metricsLevel: 'APPLICATION', logLevel: 'INFO' },
        parallelismConfiguration: { configurationType: 'CUSTOM', parallelism: o.parallelism, parallelismPerKpu: 1, autoScalingEnabled: true },
      },
      applicationSnapshotConfiguration: { snapshotsEnabled: true },
    },
  });
  application.applyRemovalPolicy(RemovalPolicy.DESTROY);
  // Managed Flink checks the role's access to the code when it creates the application.
  application.node.addDependency(role);

  const logging = new kda.CfnApplicationCloudWatchLoggingOption(job, 'Logging', {
    applicationName: application.ref,
    cloudWatchLoggingOption: { logStreamArn },
  });
  logging.applyRemovalPolicy(RemovalPolicy.DESTROY);

  const started = addStart(job, application);
  // Started once the job can log and its source exists.
  started.node.addDependency(logging, stream.node.defaultChild!);

  const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(job, alarmId, props);
    a.addAlarmAction(o.action);
    a.addOkAction(o.action);
    // Created once the job runs, so that a first deployment does not page while it starts.
    a.node.addDependency(started);
  };
  const metric = (metricName: string, period = MINUTE) => new cloudwatch.Metric({
    namespace: 'AWS/KinesisAnalytics',
    metricName,
    dimensionsMap: { Application: application.ref },
    statistic: 'Maximum',
    period,
  });
  alarm('DowntimeAlarm', {
    metric: metric('downtime'),
    threshold: 0,
    comparisonOperator: GT,
    ...TEN_MINUTES,
    // Started after deploy: no metrics means the job is not running.
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    alarmDescription: `${label}: the job has been down (downtime above 0) for 10 minutes in a row, so nothing is processed: `
      + 'it keeps failing and restarting. Read the application\'s log group for the exception that fails it. '
      + 'It also fires when the application stops publishing metrics (not RUNNING).',
  });
  alarm('FailedCheckpointsAlarm', {
    metric: new cloudwatch.MathExpression({
      expression: 'DIFF(failed)',
      usingMetrics: { failed: metric('numberOfFailedCheckpoints', Duration.minutes(5)) },
      label: 'Checkpoints failed in the period',
      period: Duration.minutes(5),
    }),
    threshold: 0,
    comparisonOperator: GT,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: checkpoints failed in 2 of the last 3 periods of 5 minutes (numberOfFailedCheckpoints grew). `
      + 'A restart now replays from an older checkpoint, and state that cannot be checkpointed makes the job fail. Look for '
      + 'backpressure, a slow sink or state that grows without bound.',
  });
  alarm('CheckpointDurationAlarm', {
    metric: metric('lastCheckpointDuration'),
    threshold: MINUTE.toMilliseconds(),
    comparisonOperator: GT,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: checkpoints took longer than the 60-second checkpoint interval for 3 minutes in a `
      + 'row (lastCheckpointDuration), so the next one starts late and a restart replays more. Look for backpressure or '
      + 'large state; raise the interval only if that much replay is acceptable.',
  });
  alarm('CpuAlarm', {
    metric: metric('cpuUtilization'),
    threshold: 80,
    comparisonOperator: GT,
    ...THIRTY_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: a task manager's CPU stayed above 80% for 30 minutes (cpuUtilization), longer than autoscaling takes `
      + 'to double the parallelism and restart: it is at its ceiling (maxKpus), or one operator is hot. Raise maxKpus or '
      + 'parallelismPerKpu, or find the hot operator.',
  });
  alarm('HeapAlarm', {
    metric: metric('heapMemoryUtilization'),
    threshold: 90,
    comparisonOperator: GT,
    ...FIVE_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: a task manager's heap stayed above 90% for 5 minutes (heapMemoryUtilization): garbage collection `
      + 'slows the job and an OutOfMemoryError restarts it. Lower parallelismPerKpu (more memory per subtask) or shrink the state on the heap.',
  });
  alarm('LagAlarm', {
    // The connector publishes millisBehindLatest with more dimensions than Application: the largest over all of them.
    metric: new cloudwatch.MathExpression({
      expression: `SELECT MAX(millisBehindLatest) FROM "AWS/KinesisAnalytics" WHERE Application = '${application.ref}'`,
      usingMetrics: {},
      label: 'millisBehindLatest (ms)',
      period: MINUTE,
    }),
    threshold: MINUTE.toMilliseconds(),
    comparisonOperator: GT,
    ...FIVE_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the job stayed behind its source for 5 minutes: millisBehindLatest above the 60-second latency objective. `
      + 'It does not keep up: raise parallelism (and the source\'s shards or partitions to match), or look for backpressure from a sink.',
  });
}

/**
 * The start: CloudFormation leaves a new application READY, so a custom resource starts
 * it (from its latest snapshot, if any) and holds the deployment until it is RUNNING.
 */
function addStart(job: Construct, application: kda.CfnApplication): CustomResource {
  const stack = Stack.of(job);
  const start = new Construct(job, 'Start');
  const role = new iam.Role(start, 'HandlerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Starts one Managed Flink application after deployment and waits until it runs',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: [
      'kinesisanalytics:DescribeApplication',
      'kinesisanalytics:StartApplication',
      'kinesisanalytics:ListApplicationSnapshots',
      'kinesisanalytics:ListApplicationOperations',
      'kinesisanalytics:DescribeApplicationOperation',
    ],
    resources: [stack.formatArn({
      service: 'kinesisanalytics', resource: 'application', resourceName: application.ref, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    })],
  }));
  const threeMonths = (id: string) => new logs.LogGroup(start, id, {
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const handlerLogs = threeMonths('HandlerLogs');
  handlerLogs.grantWrite(role);
  const handler = (id: string, asset: string, description: string) => new lambda.Function(start, id, {
    description,
    role,
    logGroup: handlerLogs,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: MINUTE,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(asset),
  });
  const onEvent = handler('OnEvent', ON_EVENT_HANDLER, 'Managed Flink start: sends StartApplication to a READY application');
  const isComplete = handler('IsComplete', IS_COMPLETE_HANDLER,
    'Managed Flink start: waits for the application to be RUNNING, fails with the reason');

  const provider = new cr.Provider(start, 'Provider', {
    onEventHandler: onEvent,
    isCompleteHandler: isComplete,
    queryInterval: Duration.seconds(30),
    totalTimeout: Duration.minutes(55),
    logGroup: threeMonths('ProviderLogs'),
    disableWaiterStateMachineLogging: false,
    // Every state of the wait, without the execution data (CloudFormation's presigned response URL).
    waiterStateMachineLogOptions: { destination: threeMonths('WaiterLogs'), level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  acknowledgeProvider(provider);

  const resource = new CustomResource(start, 'Resource', {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::FlinkStartApplication',
    serviceTimeout: Duration.hours(1),
    properties: { ApplicationName: application.ref, RestoreFromLatestSnapshot: 'true', AllowNonRestoredState: 'false' },
  });
  resource.node.addDependency(application);
  return resource;
}
