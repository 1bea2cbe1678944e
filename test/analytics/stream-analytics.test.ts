import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3_assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { bucketCode, JOB, kinesisJob, resourceOf, roleStatements } from './analytics-fixtures';
import { ApplicationCode, FlinkRuntime, StreamAnalytics, StreamingIngest, StreamReadMode, StreamSource } from '../../src';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { CLUSTER_ARN, OtherServiceSource, TOPIC } from '../source/other-service-source';
import { getAtt, logicalId, ref } from '../template-refs';

const APPLICATION = 'AWS::KinesisAnalyticsV2::Application';
const START = 'Custom::FlinkStartApplication';
const CODE_BUCKET_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::code-bucket']] };

/** `arn:…:log-group:<group>:log-stream:<stream>` of the application's log stream. */
function logStreamArn(job: StreamAnalytics) {
  return {
    'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:', ref(job.logGroup), ':log-stream:',
      ref(job.node.findChild('LogStream')),
    ]],
  };
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

/** A stand-in JAR in a fresh folder. */
function jarFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-flink-job-'));
  tempDirs.push(dir);
  const file = path.join(dir, 'job.jar');
  fs.writeFileSync(file, 'not really a jar');
  return file;
}

describe('StreamAnalytics: the application', () => {
  test('one Flink 1.20 application, checkpointing every minute, monitored, parallelism 1 autoscaled, snapshots on, the code as a ZIPFILE', () => {
    const { ingest, job, template } = kinesisJob();

    template().resourceCountIs(APPLICATION, 1);
    const application = resourceOf(template(), job.application);
    expect(application.Properties).toEqual({
      RuntimeEnvironment: 'FLINK-1_20',
      ServiceExecutionRole: getAtt(job.role, 'Arn'),
      ApplicationConfiguration: {
        ApplicationCodeConfiguration: {
          CodeContent: { S3ContentLocation: { BucketARN: CODE_BUCKET_ARN, FileKey: 'job.jar' } },
          CodeContentType: 'ZIPFILE',
        },
        EnvironmentProperties: {
          PropertyGroups: [{
            PropertyGroupId: 'Source',
            PropertyMap: {
              'source.type': 'kinesis',
              'stream.arn': getAtt(ingest.stream, 'Arn'),
              'stream.name': ref(ingest.stream),
              'aws.region': 'us-east-1',
            },
          }],
        },
        FlinkApplicationConfiguration: {
          CheckpointConfiguration: { ConfigurationType: 'CUSTOM', CheckpointingEnabled: true, CheckpointInterval: 60000, MinPauseBetweenCheckpoints: 5000 },
          MonitoringConfiguration: { ConfigurationType: 'CUSTOM', MetricsLevel: 'APPLICATION', LogLevel: 'INFO' },
          ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 1, ParallelismPerKPU: 1, AutoScalingEnabled: true },
        },
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
      },
    });
    // Managed Flink checks the role's access to the code when it creates the application.
    expect(application.DependsOn.sort()).toEqual([logicalId(job.role), logicalId(job.role.node.findChild('DefaultPolicy'))].sort());
    expect(job.runtime).toBe(FlinkRuntime.FLINK_1_20);
    expect(job.connections).toBeUndefined();
  });

  test('the name, ARN and properties it exposes', () => {
    const { stack, ingest, job } = kinesisJob({ applicationName: 'order-windows' });

    expect(resourceOf(Template.fromStack(stack), job.application).Properties.ApplicationName).toBe('order-windows');
    expect(stack.resolve(job.applicationName)).toEqual(ref(job.application));
    expect(stack.resolve(job.applicationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:us-east-1:111111111111:application/', ref(job.application)]],
    });
    expect(Object.keys(job.properties)).toEqual(['Source']);
    expect(stack.resolve(job.properties.Source)).toEqual({
      'source.type': 'kinesis', 'stream.arn': getAtt(ingest.stream, 'Arn'), 'stream.name': ref(ingest.stream), 'aws.region': 'us-east-1',
    });
  });

  test.each<[string, FlinkRuntime, string, number]>([
    ['FLINK_1_18', FlinkRuntime.FLINK_1_18, 'FLINK-1_18', 1],
    ['FLINK_1_19', FlinkRuntime.FLINK_1_19, 'FLINK-1_19', 1],
    ['of(\'FLINK-2_2\')', FlinkRuntime.of('FLINK-2_2'), 'FLINK-2_2', 2],
  ])('runtime %s: RuntimeEnvironment %s', (_name, runtime, value, major) => {
    const { job, template } = kinesisJob({ runtime });

    expect(resourceOf(template(), job.application).Properties.RuntimeEnvironment).toBe(value);
    expect(job.runtime.value).toBe(value);
    expect(job.runtime.majorVersion).toBe(major);
  });

  test('checkpointing, parallelism and autoscaling as given', () => {
    const { job, template } = kinesisJob({
      checkpointInterval: Duration.minutes(2),
      minPauseBetweenCheckpoints: Duration.seconds(10),
      parallelism: 5,
      parallelismPerKpu: 2,
      autoScaling: false,
    });

    const flink = resourceOf(template(), job.application).Properties.ApplicationConfiguration.FlinkApplicationConfiguration;
    expect(flink.CheckpointConfiguration).toEqual({
      ConfigurationType: 'CUSTOM', CheckpointingEnabled: true, CheckpointInterval: 120000, MinPauseBetweenCheckpoints: 10000,
    });
    expect(flink.ParallelismConfiguration).toEqual({ ConfigurationType: 'CUSTOM', Parallelism: 5, ParallelismPerKPU: 2, AutoScalingEnabled: false });
  });
});

describe('StreamAnalytics: logging', () => {
  test('a logging option on the application\'s own log stream, kept three months', () => {
    const { job, template } = kinesisJob();

    const options = template().findResources('AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption');
    expect(Object.values(options).map(o => o.Properties)).toEqual([{
      ApplicationName: ref(job.application),
      CloudWatchLoggingOption: { LogStreamARN: logStreamArn(job) },
    }]);
    expect(resourceOf(template(), job.logGroup).Properties).toEqual({ RetentionInDays: 90 });
    expect(resourceOf(template(), job.node.findChild('LogStream')).Properties).toEqual({ LogGroupName: ref(job.logGroup) });
  });

  test('logRetention sets the application\'s log group and the start handlers\' groups', () => {
    const { job, template } = kinesisJob({ logRetention: logs.RetentionDays.ONE_WEEK });

    expect(resourceOf(template(), job.logGroup).Properties.RetentionInDays).toBe(7);
    const startGroups = Object.entries(template().findResources('AWS::Logs::LogGroup')).filter(([id]) => id.startsWith('JobStart'));
    expect(startGroups.map(([, g]) => g.Properties.RetentionInDays)).toEqual([7, 7, 7]);
  });

  test.each<[string, RemovalPolicy | undefined, string]>([
    ['by default', undefined, 'Delete'],
    ['with DESTROY', RemovalPolicy.DESTROY, 'Delete'],
    ['with RETAIN', RemovalPolicy.RETAIN, 'Retain'],
  ])('the application, its logging option and its logs are deleted or kept together: %s → %s', (_name, removalPolicy, policy) => {
    const { job, template } = kinesisJob({ removalPolicy });

    const logging = job.node.findChild('Logging');
    for (const construct of [job.application, logging, job.logGroup, job.node.findChild('LogStream')]) {
      const found = resourceOf(template(), construct);
      expect([logicalId(construct), found.DeletionPolicy, found.UpdateReplacePolicy]).toEqual([logicalId(construct), policy, policy]);
    }
  });
});

describe('StreamAnalytics: started after deploy', () => {
  test('one start resource on the application, after the application, its logging option and the stream', () => {
    const { ingest, job, template } = kinesisJob();

    const starts = template().findResources(START);
    expect(Object.keys(starts)).toEqual([logicalId(job.started!)]);
    const start = starts[logicalId(job.started!)];
    expect(start.Properties).toMatchObject({ ApplicationName: ref(job.application), RestoreFromLatestSnapshot: 'true', AllowNonRestoredState: 'false' });
    expect(start.DependsOn.sort()).toEqual([logicalId(job.application), logicalId(job.node.findChild('Logging')), logicalId(ingest.stream)].sort());
  });

  test('allowNonRestoredState reaches the start resource', () => {
    const { job, template } = kinesisJob({ allowNonRestoredState: true });

    expect(resourceOf(template(), job.started!).Properties.AllowNonRestoredState).toBe('true');
  });

  test('the start waits for the stream, not for other readers\' enhanced fan-out consumers registered under it', () => {
    const { ingest, job, template } = kinesisJob({ readMode: StreamReadMode.ENHANCED_FAN_OUT });
    ingest.bindReader(new Construct(Stack.of(ingest), 'Other'), { readerName: 'other', readMode: StreamReadMode.ENHANCED_FAN_OUT });

    const consumers = Object.keys(template().findResources('AWS::Kinesis::StreamConsumer'));
    expect(consumers).toHaveLength(2);
    const start = resourceOf(template(), job.started!);
    expect(start.DependsOn.sort()).toEqual([logicalId(job.application), logicalId(job.node.findChild('Logging')), logicalId(ingest.stream)].sort());
  });

  test('an imported stream: the start waits for no stream resource, and for no other reader\'s consumer', () => {
    const stack = testStack();
    const source = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', 'arn:aws:kinesis:us-east-1:111111111111:stream/orders'));
    const job = new StreamAnalytics(stack, 'Job', { source, code: bucketCode(stack), readMode: StreamReadMode.ENHANCED_FAN_OUT });
    source.bindReader(new Construct(stack, 'Other'), { readerName: 'other', readMode: StreamReadMode.ENHANCED_FAN_OUT });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 2);
    expect(resourceOf(template, job.started!).DependsOn.sort()).toEqual([logicalId(job.application), logicalId(job.node.findChild('Logging'))].sort());
  });

  test('every alarm is created once the job runs', () => {
    const { job, template } = kinesisJob();

    expect(job.alarms).toHaveLength(6);
    for (const alarm of job.alarms) {
      expect(resourceOf(template(), alarm).DependsOn).toEqual([logicalId(job.started!)]);
    }
  });

  test('startAfterDeploy false: no start resource, no handlers, and the alarms wait for nothing', () => {
    const { job, template } = kinesisJob({ startAfterDeploy: false });

    expect(job.started).toBeUndefined();
    template().resourceCountIs(START, 0);
    template().resourceCountIs('AWS::Lambda::Function', 0);
    template().resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    expect(job.alarms).toHaveLength(6);
    for (const alarm of job.alarms) {
      expect(resourceOf(template(), alarm).DependsOn).toBeUndefined();
    }
  });
});

describe('StreamAnalytics: the role', () => {
  test('assumed by Managed Flink for this account only', () => {
    const { job, template } = kinesisJob();

    expect(resourceOf(template(), job.role).Properties).toEqual({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'kinesisanalytics.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        }],
      },
      Description: `Managed Flink application ${JOB}`,
    });
  });
});

describe('StreamAnalytics: the plan', () => {
  test('parallelism from the workload: 250 records/s × 1.5 ÷ 150 per subtask → 3, on 3 KPUs plus orchestration', () => {
    const { job, template } = kinesisJob({ workload: { recordsPerSecond: 250, recordsPerSecondPerSubtask: 150, headroom: 0.5 } });

    expect(job.plan).toMatchObject({
      parallelism: 3,
      parallelismPerKpu: 1,
      autoScaling: true,
      kpus: 3,
      orchestrationKpus: 1,
      billedKpus: 4,
      runningStorageGib: 150,
      maxKpus: 64,
      maxParallelismWithAutoScaling: 64,
      maxKpusWithAutoScaling: 64,
    });
    // 4 KPUs × 730 hours × $0.11; the ceiling is 64 + 1 KPUs.
    expect(job.plan.cost.monthlyUsd).toBe(321.2);
    expect(job.plan.cost.maxMonthlyUsd).toBe(5219.5);
    expect(resourceOf(template(), job.application).Properties.ApplicationConfiguration.FlinkApplicationConfiguration.ParallelismConfiguration)
      .toEqual({ ConfigurationType: 'CUSTOM', Parallelism: 3, ParallelismPerKPU: 1, AutoScalingEnabled: true });
  });

  test('parallelism 5 at 2 per KPU without autoscaling: 3 KPUs, and the cost stays there', () => {
    const { job } = kinesisJob({ parallelism: 5, parallelismPerKpu: 2, autoScaling: false });

    expect(job.plan).toMatchObject({ parallelism: 5, parallelismPerKpu: 2, autoScaling: false, kpus: 3, billedKpus: 4, maxKpusWithAutoScaling: 3 });
    expect(job.plan.cost.monthlyUsd).toBe(321.2);
    expect(job.plan.cost.maxMonthlyUsd).toBe(321.2);
  });

  test('maxKpus and prices reach the plan', () => {
    const { job } = kinesisJob({ parallelism: 100, maxKpus: 128, prices: { kpuHourUsd: 0.2 } });

    expect(job.plan).toMatchObject({ kpus: 100, billedKpus: 101, maxKpus: 128, maxKpusWithAutoScaling: 128 });
    expect(job.plan.cost.monthlyUsd).toBe(14746); // 101 × 730 × $0.20
  });

  test('a parallelism above the stream\'s planned shards is warned about on the application', () => {
    const { stack, job } = kinesisJob({ parallelism: 3 }, { workload: { ingestMibPerSecond: 1 }, shardCount: 2 });

    expect(job.plan.workload.sourceParallelism).toBe(2);
    Annotations.fromStack(stack).hasWarning(`/${JOB}`, `${JOB}: Parallelism 3 is above the source's 2 shards or partitions: each is read by one `
      + 'source subtask, so 1 source subtask read nothing (operators after a keyBy or rebalance still use them). Lower the parallelism to 2, '
      + 'add shards or partitions, or set the source operator\'s parallelism in the job. '
      + '[ack: cdk-streaming-pipelines:StreamAnalytics:parallelismAboveSourceParallelism]');
  });

  test('no warning anywhere at the shard count', () => {
    const { stack, job } = kinesisJob({ parallelism: 2 }, { workload: { ingestMibPerSecond: 1 }, shardCount: 2 });

    expect(job.plan.workload.sourceParallelism).toBe(2);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('an enhanced fan-out job on a planned stream reads the stream\'s plan with itself counted: the stream does not warn it was read early', () => {
    const { stack, ingest, job } = kinesisJob({ readMode: StreamReadMode.ENHANCED_FAN_OUT }, { workload: { ingestMibPerSecond: 1 } });

    expect(ingest.plan!.workload.enhancedFanOutConsumers).toBe(1);
    expect(job.plan.workload.sourceParallelism).toBe(ingest.plan!.shardCount);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a stream without a plan: no source parallelism to check against', () => {
    const { stack, job } = kinesisJob({ parallelism: 3 });

    expect(job.plan.workload.sourceParallelism).toBeUndefined();
    expect(job.plan.warnings).toEqual([]);
    // Nor any other warning: the failed-checkpoints alarm's metric is at the alarm's period.
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('StreamAnalytics on a source of another service', () => {
  test('reads it as its binding says: its properties, its grant, no VPC, and its own lag measure for the lag alarm', () => {
    const stack = testStack();
    const source = new OtherServiceSource(new Construct(stack, 'Cluster'));
    const job = new StreamAnalytics(stack, 'Job', { source, code: bucketCode(stack), readerName: 'windows' });
    const template = Template.fromStack(stack);

    expect(source.readers.map(r => [r.readerName, r.path])).toEqual([['windows', JOB]]);
    expect(job.properties.Source).toEqual({ 'source.type': 'kafka', 'topic': TOPIC, 'group.id': 'windows' });
    expect(roleStatements(template, job.role)[0]).toEqual({
      Effect: 'Allow', Action: 'kafka-cluster:ReadData', Resource: [`${CLUSTER_ARN}/topic/${TOPIC}`, `${CLUSTER_ARN}/group/windows`],
    });
    expect(resourceOf(template, job.application).Properties.ApplicationConfiguration.VpcConfigurations).toBeUndefined();
    // A Kafka source without a record rate: the binding's own lag metric, against the objective plus one checkpoint interval.
    const lag = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([id]) => id.startsWith('JobLagAlarm'))![1];
    expect(lag.Properties).toMatchObject({ Namespace: 'Test/OtherService', MetricName: 'ReaderLagMillis', Threshold: 120000 });
  });
});

describe('ApplicationCode', () => {
  test('fromAsset: the file is uploaded as an asset the application runs and its role may read, that object only', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    const job = new StreamAnalytics(stack, 'Job', { source: ingest, code: ApplicationCode.fromAsset(jarFile()) });
    const template = Template.fromStack(stack);

    const asset = job.node.findChild('Code') as s3_assets.Asset;
    expect(asset).toBeInstanceOf(s3_assets.Asset);
    expect(asset.s3ObjectKey).toMatch(/^[0-9a-f]{64}\.jar$/);
    const location = resourceOf(template, job.application)
      .Properties.ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation;
    expect(location).toEqual({ BucketARN: stack.resolve(asset.bucket.bucketArn), FileKey: asset.s3ObjectKey });
    expect(stack.resolve(asset.bucket.bucketArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::cdk-hnb659fds-assets-111111111111-us-east-1']],
    });
    expect(roleStatements(template, job.role)).toContainEqual({
      Effect: 'Allow',
      Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
      Resource: [stack.resolve(asset.bucket.bucketArn), stack.resolve(asset.bucket.arnForObjects(asset.s3ObjectKey))],
    });
  });

  test('fromBucket with a version: the application runs that version', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    const code = bucketCode(stack).bind(stack);
    const job = new StreamAnalytics(stack, 'Job', { source: ingest, code: ApplicationCode.fromBucket(code.bucket, 'job.jar', 'v42') });

    const location = resourceOf(Template.fromStack(stack), job.application)
      .Properties.ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation;
    expect(location).toEqual({ BucketARN: CODE_BUCKET_ARN, FileKey: 'job.jar', ObjectVersion: 'v42' });
  });

  test('fromAsset bound to a second application is refused, naming the first', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    const file = jarFile();
    const code = ApplicationCode.fromAsset(file);
    new StreamAnalytics(stack, 'First', { source: ingest, code, readerName: 'first' });

    expectInputError(() => new StreamAnalytics(stack, 'Second', { source: ingest, code, readerName: 'second' }),
      `ApplicationCode.fromAsset('${file}') is bound to TestStack/First already: create one ApplicationCode per application`);
  });
});
