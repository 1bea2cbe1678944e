import { Annotations, CustomResource, Fn, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DmsPartitionBy, DmsProducerProps } from './dms-producer-props';
import { createDmsTaskAlarms, dmsTaskMetric } from './dms-task-alarms';
import { DmsTaskConfig, resolveDmsTask } from './dms-task-config';
import { StartReplicationTask } from './start-replication-task';
import { withPath } from '../../common/input-error';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { acknowledgeWriteGrant } from '../nag-acknowledgements';
import { bindProducer } from '../producer-binding';

/** The scope of the producer's warnings: `cdk-streaming-pipelines:DmsProducer:<id>`. */
const WARNING_SCOPE = 'DmsProducer';

/**
 * Database change data capture into a stream with AWS DMS: a Kinesis target endpoint, the
 * role DMS writes with, and a replication task from the user's source endpoint on the
 * user's replication instance, started after deployment.
 *
 * Records are single-line JSON (`json-unformatted`) with a `data` and a `metadata` part,
 * keyed by default by `schema.table.<primary key>` so that a table's rows spread over the
 * shards and each row's changes stay in order (`DmsPartitionBy.PRIMARY_KEY`).
 *
 * The producer counts as a writer of its source (the source's plan sizes for
 * `recordsPerSecond`), checks the key against that load (a key that must exceed one shard
 * is an error; keying by table warns), and grants DMS `PutRecord`, `PutRecords` and the
 * `DescribeStream` DMS documents for a Kinesis target, on that stream only.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.Kinesis.html
 */
export class DmsProducer extends Construct {
  /** The replication task. */
  public readonly task: dms.CfnReplicationTask;
  /** The Kinesis target endpoint. */
  public readonly targetEndpoint: dms.CfnEndpoint;
  /** The service access role DMS assumes to write to the stream. */
  public readonly role: iam.IRole;
  /** The latency alarms (none when `createAlarms` is false). */
  public readonly alarms: cloudwatch.IAlarm[];
  /**
   * The custom resource that starts the task after deployment: whatever needs the changes
   * flowing depends on it.
   * @default - none, when `startAfterDeploy` is false
   */
  public readonly started?: CustomResource;

  private readonly config: DmsTaskConfig;

  constructor(scope: Construct, id: string, props: DmsProducerProps) {
    super(scope, id);
    this.config = withPath(this, () => resolveDmsTask(props));
    const binding = bindProducer(this, props, this.config.partitionKey, WARNING_SCOPE);
    if (this.config.partitionBy === DmsPartitionBy.SCHEMA_TABLE) {
      Annotations.of(this).addWarningV2(`cdk-streaming-pipelines:${WARNING_SCOPE}:partitionBySchemaTable`,
        'DMS keys every record by its table (`partitionBy: DmsPartitionBy.SCHEMA_TABLE`): all changes of a table go to one '
        + 'shard, which caps each table at 1 MiB/s and 1,000 records/s while other shards idle. Key by primary key '
        + '(the default) unless consumers need one order across all rows of a table.');
    }
    const stack = Stack.of(this);

    const role = new iam.Role(this, 'Role', {
      // DMS supports the confused-deputy condition keys from engine 3.4.7.
      assumedBy: new iam.ServicePrincipal('dms.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'DMS writes the replication task\'s changes to the stream',
    });
    this.role = role;
    const target = binding.dmsTarget(role.roleArn);
    const grant = binding.grantWrite(role);
    acknowledgeWriteGrant(role, grant);
    if (target.kinesisSettings?.streamArn) {
      // DMS documents kinesis:DescribeStream next to PutRecord(s) as the minimum for a Kinesis
      // target: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.Kinesis.html#CHAP_Target.Kinesis.Prerequisites
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kinesis:DescribeStream'],
        resources: [target.kinesisSettings.streamArn],
      }));
    }

    this.targetEndpoint = new dms.CfnEndpoint(this, 'TargetEndpoint', {
      endpointType: 'target',
      engineName: target.engineName,
      kinesisSettings: { ...target.kinesisSettings, ...this.config.messageSettings },
    });
    // DMS checks the role when the endpoint is created: the policy must exist first.
    this.targetEndpoint.node.addDependency(role);

    this.task = new dms.CfnReplicationTask(this, 'Resource', {
      migrationType: this.config.migrationType,
      replicationInstanceArn: props.replicationInstanceArn,
      sourceEndpointArn: props.sourceEndpointArn,
      targetEndpointArn: this.targetEndpoint.ref,
      tableMappings: stack.toJsonString(this.config.tableMappings),
      replicationTaskSettings: stack.toJsonString(this.config.taskSettings),
      replicationTaskIdentifier: props.taskIdentifier,
    });

    const startAfterDeploy = props.startAfterDeploy ?? true;
    if (startAfterDeploy) {
      this.started = new StartReplicationTask(this, 'Start', {
        task: this.task,
        configuration: { tableMappings: this.config.tableMappings, taskSettings: this.config.taskSettings },
      }).resource;
    }

    const alarms = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createDmsTaskAlarms(alarms, {
        label: `DMS producer ${this.node.path}`,
        sourceLatency: this.metricCdcLatencySource(),
        targetLatency: this.metricCdcLatencyTarget(),
        latencyObjectiveSeconds: this.config.latencyObjective.toSeconds(),
        expectRunning: startAfterDeploy,
      });
      // Created once the task runs, so that a first deployment does not page while it starts.
      if (this.started) {
        alarms.alarms.forEach(alarm => alarm.node.addDependency(this.started!));
      }
    }
    this.alarms = alarms.alarms;
  }

  /**
   * The task's resource id, which DMS uses as the `ReplicationTaskIdentifier` dimension of
   * its metrics: the last part of the task's ARN (`arn:…:dms:<region>:<account>:task:<id>`),
   * not the task's name.
   */
  public get taskResourceId(): string {
    return Fn.select(6, Fn.split(':', this.task.ref));
  }

  /**
   * Seconds between the last change DMS captured from the source and now
   * (`CDCLatencySource`, Maximum over 5 minutes), selected by the task.
   */
  public metricCdcLatencySource(options?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return dmsTaskMetric('CDCLatencySource', this.taskResourceId, options);
  }

  /**
   * Seconds between the oldest change waiting to be written to the stream and now
   * (`CDCLatencyTarget`, Maximum over 5 minutes), selected by the task.
   */
  public metricCdcLatencyTarget(options?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return dmsTaskMetric('CDCLatencyTarget', this.taskResourceId, options);
  }
}
