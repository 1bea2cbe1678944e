/**
 * The raw change data capture of the orders: what the library's `DmsProducer` builds in the
 * reference pipeline's producer layer (examples/producer-layer.ts), written by hand with
 * aws-cdk-lib only, as a team would without the library:
 *
 * - the service access role DMS writes with, for this account only: `PutRecord`,
 *   `PutRecords` and `DescribeStream` on the orders stream, and encrypt with its key;
 * - a Kinesis target endpoint (single-line JSON, keyed by `schema.table.<primary key>`);
 * - a CDC replication task from the database team's source endpoint on their replication
 *   instance (both imported by ARN), its table mappings and settings written out as JSON;
 * - the start: a custom resource of the `custom-resources` Provider framework running the
 *   library's shipped handlers from the same asset folders (so the same asset hashes; see
 *   bench/assets.ts), which starts the task once deployed, waits until it runs, and stops it
 *   before deletion; a digest of the task's configuration makes a change an update;
 * - the alarms on the capture's latency at the source and at the stream (Metrics Insights
 *   queries on the task's resource id, the last part of its ARN).
 *
 * Construct ids and nesting follow the library's (`Producers/OrdersCdc/Start/…`), so the
 * logical ids match. Nothing is imported from src/ or examples/.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { ArnFormat, CustomResource, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeProvider } from './raw-provider';

/** The library's shipped start handlers, bundled by `npx projen bundle` (see bench/assets.ts). */
const ON_EVENT_HANDLER = path.join(__dirname, '../../assets/produce/dms/start-replication-task-on-event.lambda');
const IS_COMPLETE_HANDLER = path.join(__dirname, '../../assets/produce/dms/start-replication-task-is-complete.lambda');
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
/** Two 5-minute periods in a row: a sustained lag, not one slow batch. */
const TEN_MINUTES = { evaluationPeriods: 2, datapointsToAlarm: 2 };

const ORDERS_TABLE = { 'schema-name': 'sales', 'table-name': 'orders' };
/** Select the table, and key its records by primary key (with `schema.table` in front, per the endpoint). */
const TABLE_MAPPINGS = {
  rules: [
    { 'rule-type': 'selection', 'rule-id': '1', 'rule-name': 'include-1', 'object-locator': ORDERS_TABLE, 'rule-action': 'include' },
    {
      'rule-type': 'object-mapping',
      'rule-id': '2',
      'rule-name': 'partition-key-1',
      'rule-action': 'map-record-to-record',
      'object-locator': ORDERS_TABLE,
      'mapping-parameters': { 'partition-key-type': 'primary-key' },
    },
  ],
};
/** Task log on; a record that fails stops the task rather than being skipped; no table matched fails the start. */
const TASK_SETTINGS = {
  Logging: { EnableLogging: true },
  ErrorBehavior: {
    DataErrorPolicy: 'STOP_TASK',
    DataTruncationErrorPolicy: 'STOP_TASK',
    TableErrorPolicy: 'STOP_TASK',
    ApplyErrorDeletePolicy: 'STOP_TASK',
    ApplyErrorInsertPolicy: 'STOP_TASK',
    ApplyErrorUpdatePolicy: 'STOP_TASK',
    FailOnNoTablesCaptured: true,
  },
};

/** Adds the orders' change data capture as construct `OrdersCdc` under `scope`, paging `action`. */
export function addOrdersCdc(scope: Construct, stream: kinesis.Stream, action: cloudwatch.IAlarmAction): void {
  const producer = new Construct(scope, 'OrdersCdc');
  const stack = Stack.of(producer);

  const role = new iam.Role(producer, 'Role', {
    assumedBy: new iam.ServicePrincipal('dms.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    description: 'DMS writes the replication task\'s changes to the stream',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kinesis:PutRecord', 'kinesis:PutRecords'], resources: [stream.streamArn] }));
  stream.encryptionKey!.grantEncrypt(role);
  for (const finding of ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*']) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason: 'aws-cdk-lib\'s grantEncrypt lets DMS encrypt records with the orders stream\'s key only.',
    });
  }
  // DMS documents DescribeStream next to PutRecord(s) for a Kinesis target.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kinesis:DescribeStream'], resources: [stream.streamArn] }));

  const target = new dms.CfnEndpoint(producer, 'TargetEndpoint', {
    endpointType: 'target',
    engineName: 'kinesis',
    kinesisSettings: {
      streamArn: stream.streamArn,
      serviceAccessRoleArn: role.roleArn,
      messageFormat: 'json-unformatted',
      partitionIncludeSchemaTable: true,
      includePartitionValue: true,
      includeTransactionDetails: false,
      includeControlDetails: false,
      includeTableAlterOperations: false,
      includeNullAndEmpty: true,
    },
  });
  // DMS checks the role when the endpoint is created: its policy must exist first.
  target.node.addDependency(role);

  const dmsArn = (resource: string, resourceName: string) =>
    stack.formatArn({ service: 'dms', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const task = new dms.CfnReplicationTask(producer, 'Resource', {
    migrationType: 'cdc',
    replicationInstanceArn: dmsArn('rep', 'ORDERSREPLICATIONINSTANCE'),
    sourceEndpointArn: dmsArn('endpoint', 'ORDERSDBPOSTGRESSOURCE'),
    targetEndpointArn: target.ref,
    tableMappings: JSON.stringify(TABLE_MAPPINGS),
    replicationTaskSettings: JSON.stringify(TASK_SETTINGS),
  });

  const started = addStart(producer, task);

  // The task's resource id, the ReplicationTaskIdentifier dimension: the last part of its ARN.
  const taskId = Fn.select(6, Fn.split(':', task.ref));
  const latency = (metricName: string) => new cloudwatch.MathExpression({
    expression: `SELECT MAX(${metricName}) FROM SCHEMA("AWS/DMS", ReplicationInstanceIdentifier, ReplicationTaskIdentifier) `
      + `WHERE ReplicationTaskIdentifier = '${taskId}'`,
    period: Duration.minutes(5),
    label: `${metricName} (s)`,
  });
  const alarm = (id: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(producer, id, props);
    a.addAlarmAction(action);
    a.addOkAction(action);
    // Created once the task runs: no page while a first deployment starts it.
    a.node.addDependency(started);
  };
  const label = `DMS producer ${producer.node.path}`;
  alarm('SourceLatencyAlarm', {
    metric: latency('CDCLatencySource'),
    threshold: 60,
    comparisonOperator: GT,
    ...TEN_MINUTES,
    // DMS reports it only while capturing.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `${label}: DMS has read the source database's changes more than 60 s late for 10 minutes (CDCLatencySource). `
      + 'The replication instance cannot keep up with the source\'s log, or cannot reach it: check the task log, the source\'s log '
      + 'retention and load, and the instance\'s CPU and memory.',
  });
  alarm('TargetLatencyAlarm', {
    metric: latency('CDCLatencyTarget'),
    threshold: 60,
    comparisonOperator: GT,
    ...TEN_MINUTES,
    // The task is started after deploy: a running task reports it, so its absence means it stopped or failed.
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    alarmDescription: `${label}: changes have reached the stream more than 60 s after DMS read them for 10 minutes (CDCLatencyTarget). `
      + 'If CDCLatencySource is high too, look at the source first; otherwise the stream throttles (WriteProvisionedThroughputExceeded: '
      + 'more shards, or a key that spreads) or the task applies too slowly. It also fires when the task stops reporting (stopped or '
      + 'failed): see its status and log in DMS.',
  });
}

/**
 * The start: CloudFormation creates a task `ready` and never starts it, and DMS refuses to
 * delete a running one, so a custom resource starts (or resumes) it and holds the deployment
 * until it runs, and stops it before deletion.
 */
function addStart(producer: Construct, task: dms.CfnReplicationTask): CustomResource {
  const start = new Construct(producer, 'Start');
  const role = new iam.Role(start, 'HandlerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Starts one DMS replication task after deployment and stops it before deletion',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dms:DescribeReplicationTasks'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dms:StartReplicationTask', 'dms:StopReplicationTask'], resources: [task.ref] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'dms:DescribeReplicationTasks supports no resource-level permission; the handler filters by the task\'s ARN. '
      + 'Starting and stopping are granted on that task only.',
  });

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
    timeout: Duration.minutes(1),
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(asset),
  });
  const onEvent = handler('OnEvent', ON_EVENT_HANDLER, 'DMS task start: starts or resumes the replication task; stops it on delete');
  const isComplete = handler('IsComplete', IS_COMPLETE_HANDLER,
    'DMS task start: waits for the task to run (or stop, on delete), fails with the reason');

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

  // Changes when CloudFormation modifies the task's mappings or settings: an update resumes a task stopped for it.
  const digest = crypto.createHash('sha256').update(JSON.stringify({ tableMappings: TABLE_MAPPINGS, taskSettings: TASK_SETTINGS })).digest('hex');
  const resource = new CustomResource(start, 'Resource', {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::DmsStartReplicationTask',
    serviceTimeout: Duration.hours(1),
    properties: { ReplicationTaskArn: task.ref, ConfigurationDigest: digest },
  });
  // After the task; and the handlers' policy must outlive the Delete, which stops the task.
  resource.node.addDependency(task, role);
  return resource;
}
