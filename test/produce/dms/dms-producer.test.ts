import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { dmsProducer, dmsProps, INSTANCE_ARN, SOURCE_ENDPOINT_ARN } from './dms-fixtures';
import { DmsMigrationType, DmsPartitionBy, DmsProducer, PartitionKey, StreamingIngest, StreamSource } from '../../../src';
import { CONFIGURATION_DIGEST_PROPERTY, TASK_ARN_PROPERTY } from '../../../src/produce/dms/start/task-start-handler';
import { START_REPLICATION_TASK_RESOURCE_TYPE } from '../../../src/produce/dms/start-replication-task';
import { kafkaTopic } from '../../analytics/analytics-fixtures';
import { testStack } from '../../app-fixture';

const TASK = 'AWS::DMS::ReplicationTask';
const ENDPOINT = 'AWS::DMS::Endpoint';
const WARN = 'cdk-streaming-pipelines:DmsProducer';

function taskOf(template: Template): any {
  const tasks = Object.values(template.findResources(TASK));
  expect(tasks).toHaveLength(1);
  return (tasks[0] as any).Properties;
}

function tableMappingsOf(template: Template): any {
  return JSON.parse(taskOf(template).TableMappings);
}

function selection(id: number, schema: string, table: string) {
  return {
    'rule-type': 'selection',
    'rule-id': String(id),
    'rule-name': `include-${id}`,
    'object-locator': { 'schema-name': schema, 'table-name': table },
    'rule-action': 'include',
  };
}

function objectMapping(id: number, n: number, schema: string, table: string, keyType: string) {
  return {
    'rule-type': 'object-mapping',
    'rule-id': String(id),
    'rule-name': `partition-key-${n}`,
    'rule-action': 'map-record-to-record',
    'object-locator': { 'schema-name': schema, 'table-name': table },
    'mapping-parameters': { 'partition-key-type': keyType },
  };
}

function warningsOf(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('/TestStack/Cdc', Match.anyValue()).map(w => String(w.entry.data));
}

describe('DmsProducer: wiring', () => {
  test('the target endpoint writes single-line JSON to the stream, keyed by primary key with schema.table in front', () => {
    const { stack, ingest, producer, template } = dmsProducer();
    template().hasResourceProperties(ENDPOINT, {
      EndpointType: 'target',
      EngineName: 'kinesis',
      KinesisSettings: {
        StreamArn: stack.resolve(ingest.stream.streamArn),
        ServiceAccessRoleArn: stack.resolve(producer.role.roleArn),
        MessageFormat: 'json-unformatted',
        PartitionIncludeSchemaTable: true,
        IncludePartitionValue: true,
        IncludeNullAndEmpty: true,
        IncludeTransactionDetails: false,
        IncludeControlDetails: false,
        IncludeTableAlterOperations: false,
      },
    });
    // DMS checks the role when it creates the endpoint: role and policy come first.
    const endpoint = Object.values(template().findResources(ENDPOINT))[0] as any;
    expect(endpoint.DependsOn).toEqual([expect.stringMatching(/^CdcRoleDefaultPolicy/), expect.stringMatching(/^CdcRole[0-9A-F]{8}$/)]);
  });

  test('transaction and control details are opt-in; control details bring the table DDL', () => {
    const { template } = dmsProducer({ includeTransactionDetails: true, includeControlDetails: true, includeNullAndEmpty: false });
    template().hasResourceProperties(ENDPOINT, {
      KinesisSettings: Match.objectLike({
        IncludeTransactionDetails: true, IncludeControlDetails: true, IncludeTableAlterOperations: true, IncludeNullAndEmpty: false,
      }),
    });
  });

  test('the service access role is assumed by DMS of this account only, and may put records and describe the stream, nothing else', () => {
    const { stack, ingest, producer, template } = dmsProducer();
    const role = stack.resolve((producer.role.node.defaultChild as any).logicalId);
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'dms.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        }],
        Version: '2012-10-17',
      },
    });
    const policies = Object.values(template().findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }])) as any[];
    expect(policies).toHaveLength(1);
    const stream = stack.resolve(ingest.stream.streamArn);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: stream },
      { Action: 'kinesis:DescribeStream', Effect: 'Allow', Resource: stream },
    ]);
  });

  test('a stream with a customer-managed key: the role may also encrypt with that key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    const producer = new DmsProducer(stack, 'Cdc', dmsProps(StreamSource.fromStream(stream)));
    const role = stack.resolve((producer.role.node.defaultChild as any).logicalId);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual({
      Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: stack.resolve(key.keyArn),
    });
    expect(statements.flatMap((s: any) => [s.Action].flat())).not.toContain('kinesis:ListShards');
  });

  test('the task: full load and CDC from the user\'s endpoint on the user\'s instance, logging on, record errors stop the task', () => {
    const { stack, producer, template } = dmsProducer({ taskIdentifier: 'orders-cdc' });
    const task = taskOf(template());
    expect(task).toMatchObject({
      MigrationType: 'full-load-and-cdc',
      ReplicationInstanceArn: INSTANCE_ARN,
      SourceEndpointArn: SOURCE_ENDPOINT_ARN,
      TargetEndpointArn: stack.resolve(producer.targetEndpoint.ref),
      ReplicationTaskIdentifier: 'orders-cdc',
    });
    expect(JSON.parse(task.ReplicationTaskSettings)).toEqual({
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
    });
    expect(tableMappingsOf(template())).toEqual({
      rules: [selection(1, 'sales', 'orders'), objectMapping(2, 1, 'sales', 'orders', 'primary-key')],
    });
  });

  test('CDC only', () => {
    const { template } = dmsProducer({ migrationType: DmsMigrationType.CDC });
    expect(taskOf(template()).MigrationType).toBe('cdc');
  });

  test('each table gets a selection rule, then an object-mapping rule setting the key type; patterns pass through', () => {
    const { template } = dmsProducer({
      tables: [{ schemaName: 'sales', tableName: 'orders' }, { schemaName: 'sales', tableName: 'order_items' }, { schemaName: 'crm', tableName: '%' }],
    });
    expect(tableMappingsOf(template())).toEqual({
      rules: [
        selection(1, 'sales', 'orders'), selection(2, 'sales', 'order_items'), selection(3, 'crm', '%'),
        objectMapping(4, 1, 'sales', 'orders', 'primary-key'), objectMapping(5, 2, 'sales', 'order_items', 'primary-key'),
        objectMapping(6, 3, 'crm', '%', 'primary-key'),
      ],
    });
  });

  test('keying by table writes schema-table object mappings', () => {
    const { template } = dmsProducer({
      partitionBy: DmsPartitionBy.SCHEMA_TABLE,
      recordsPerSecond: 100,
      tables: [{ schemaName: 'sales', tableName: 'orders' }, { schemaName: 'sales', tableName: 'refunds' }],
    });
    const rules = tableMappingsOf(template()).rules;
    expect(rules.slice(2).map((r: any) => r['mapping-parameters'])).toEqual([
      { 'partition-key-type': 'schema-table' }, { 'partition-key-type': 'schema-table' },
    ]);
  });

  test('a custom resource starts the task after it exists, and changes when the mappings or settings do', () => {
    const { stack, producer, template } = dmsProducer();
    const resources = template().findResources(START_REPLICATION_TASK_RESOURCE_TYPE);
    expect(Object.keys(resources)).toHaveLength(1);
    const [id, start] = Object.entries(resources)[0] as [string, any];
    expect(start.Properties[TASK_ARN_PROPERTY]).toEqual(stack.resolve(producer.task.ref));
    expect(start.Properties[CONFIGURATION_DIGEST_PROPERTY]).toMatch(/^[0-9a-f]{64}$/);
    expect(start.DependsOn).toEqual(expect.arrayContaining([stack.resolve((producer.task as any).logicalId)]));
    expect(stack.resolve(producer.started!.node.path)).toBe('TestStack/Cdc/Start/Resource');
    expect(id).toMatch(/^CdcStart/);

    const other = dmsProducer({ tables: [{ schemaName: 'sales', tableName: 'orders' }, { schemaName: 'sales', tableName: 'refunds' }] });
    const otherStart = Object.values(other.template().findResources(START_REPLICATION_TASK_RESOURCE_TYPE))[0] as any;
    expect(otherStart.Properties[CONFIGURATION_DIGEST_PROPERTY]).not.toEqual(start.Properties[CONFIGURATION_DIGEST_PROPERTY]);
  });

  test('the start handlers may describe tasks, and start and stop this task only', () => {
    const { stack, producer, template } = dmsProducer();
    const handlerRole = Object.entries(template().findResources('AWS::IAM::Role'))
      .find(([id]) => id.startsWith('CdcStartHandlerRole'))![0];
    const statements = Object.values(template().findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: handlerRole }]))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      { Action: 'dms:DescribeReplicationTasks', Effect: 'Allow', Resource: '*' },
      { Action: ['dms:StartReplicationTask', 'dms:StopReplicationTask'], Effect: 'Allow', Resource: stack.resolve(producer.task.ref) },
    ]));
  });

  test('startAfterDeploy: false leaves the task to the user', () => {
    const { producer, template } = dmsProducer({ startAfterDeploy: false });
    template().resourceCountIs(START_REPLICATION_TASK_RESOURCE_TYPE, 0);
    template().resourceCountIs('AWS::Lambda::Function', 0);
    expect(producer.started).toBeUndefined();
  });
});

describe('DmsProducer: alarms', () => {
  function alarms(template: Template): Record<string, any> {
    return Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => id.startsWith('Cdc'))
      .map(([id, alarm]) => [/^Cdc(\w+?Alarm)/.exec(id)![1], (alarm as any).Properties]));
  }

  const taskId = (stack: Stack, producer: DmsProducer) => ({ 'Fn::Select': [6, { 'Fn::Split': [':', stack.resolve(producer.task.ref)] }] });

  test('source and target latency over the objective for 10 minutes, selected by the task\'s resource id', () => {
    const { stack, producer, template } = dmsProducer({ latencyObjective: Duration.minutes(2) });
    const found = alarms(template());
    expect(Object.keys(found).sort()).toEqual(['SourceLatencyAlarm', 'TargetLatencyAlarm']);
    for (const [name, metric] of [['SourceLatencyAlarm', 'CDCLatencySource'], ['TargetLatencyAlarm', 'CDCLatencyTarget']]) {
      expect(found[name]).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 120,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Metrics: [{
          Id: 'expr_1',
          Period: 300,
          ReturnData: true,
          Label: `${metric} (s)`,
          Expression: {
            'Fn::Join': ['', [
              `SELECT MAX(${metric}) FROM SCHEMA("AWS/DMS", ReplicationInstanceIdentifier, ReplicationTaskIdentifier) WHERE ReplicationTaskIdentifier = '`,
              taskId(stack, producer), '\'',
            ]],
          },
        }],
      });
    }
    expect(found.SourceLatencyAlarm.TreatMissingData).toBe('notBreaching');
    // The library starts the task: a running task reports its target latency, so none means stopped or failed.
    expect(found.TargetLatencyAlarm.TreatMissingData).toBe('breaching');
    expect(found.TargetLatencyAlarm.AlarmDescription).toContain('It also fires when the task stops reporting (stopped or failed)');
  });

  test('the alarms are created once the task runs, so that a first deployment does not page while it starts', () => {
    const { stack, producer, template } = dmsProducer();
    const startId = stack.getLogicalId(producer.started!.node.defaultChild as CfnElement);
    const cdcAlarms = Object.entries(template().findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith('Cdc'));
    expect(cdcAlarms).toHaveLength(2);
    for (const [, alarm] of cdcAlarms) {
      expect((alarm as any).DependsOn).toEqual(expect.arrayContaining([startId]));
    }
  });

  test('a task the user starts: missing target latency is quiet; default objective 5 minutes; one action for all', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    const { template } = dmsProducer({ startAfterDeploy: false, alarmAction: { bind: () => ({ alarmActionArn: topic.topicArn }) } }, stack);
    const found = alarms(template());
    expect(found.TargetLatencyAlarm).toMatchObject({ TreatMissingData: 'notBreaching', Threshold: 300 });
    for (const alarm of Object.values(found)) {
      expect(alarm.AlarmActions).toEqual([stack.resolve(topic.topicArn)]);
      expect(alarm.OKActions).toEqual([stack.resolve(topic.topicArn)]);
    }
  });

  test('createAlarms: false', () => {
    const { producer, template } = dmsProducer({ createAlarms: false });
    expect(producer.alarms).toEqual([]);
    expect(Object.keys(alarms(template()))).toEqual([]);
  });
});

describe('DmsProducer: the partition key', () => {
  test('by primary key: no warning, and the stream is planned for the producer\'s records', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Orders', { workload: { ingestMibPerSecond: 0.1, ingestRecordsPerSecond: 500, averageRecordBytes: 200 } });
    expect(ingest.plan!.shardCount).toBe(1);
    new DmsProducer(stack, 'Cdc', dmsProps(ingest, { recordsPerSecond: 3_500, distinctKeys: 1_000_000 }));
    expect(ingest.plan!.shardCount).toBeGreaterThanOrEqual(4);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: ingest.plan!.shardCount });
    expect(ingest.writers.map(w => [w.writerName, w.recordsPerSecond, w.partitionKey.fieldName, w.partitionKey.distinctValues]))
      .toEqual([['Cdc', 3_500, 'schema.table.primaryKey', 1_000_000]]);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('a row hot enough to exceed one shard is an error', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Orders');
    expect(() => new DmsProducer(stack, 'Cdc', dmsProps(ingest, { recordsPerSecond: 4_000, hottestKeyShare: 0.5 }))).toThrow(
      'TestStack/Cdc: `partitionKey` \'schema.table.primaryKey\': its busiest value carries 50% of writes = 2,000 records/s, '
      + 'but one key maps to one shard, which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: use a key '
      + 'with more distinct values, or add a suffix to spread the hot value (e.g. `schema.table.primaryKey#0`…`#9`)');
  });

  test('by table: one key per table, warned; the key each record gets is schema.table', () => {
    const { stack, ingest } = dmsProducer({
      partitionBy: DmsPartitionBy.SCHEMA_TABLE,
      recordsPerSecond: 300,
      tables: [{ schemaName: 'sales', tableName: 'orders' }, { schemaName: 'sales', tableName: 'refunds' }],
    });
    const key = ingest.writers[0].partitionKey;
    expect([key.fieldName, key.distinctValues, key.constantValue]).toEqual(['schema.table', 2, undefined]);
    expect(warningsOf(stack)).toContain(
      'DMS keys every record by its table (`partitionBy: DmsPartitionBy.SCHEMA_TABLE`): all changes of a table go to one shard, '
      + 'which caps each table at 1 MiB/s and 1,000 records/s while other shards idle. Key by primary key (the default) unless '
      + `consumers need one order across all rows of a table. [ack: ${WARN}:partitionBySchemaTable]`);
  });

  test('by table with one table: a constant key, warned as such', () => {
    const { stack, ingest } = dmsProducer({ partitionBy: DmsPartitionBy.SCHEMA_TABLE, recordsPerSecond: 300 });
    expect(ingest.writers[0].partitionKey.constantValue).toBe('sales.orders');
    const warnings = warningsOf(stack);
    expect(warnings).toContain(`${PartitionKey.constant('sales.orders').analyze().warnings[0].message} [ack: ${WARN}:partitionKeyConstant]`);
    expect(warnings.some(w => w.endsWith(`[ack: ${WARN}:partitionBySchemaTable]`))).toBe(true);
  });

  test('by table with patterns: the number of tables is unknown unless stated', () => {
    const unknown = dmsProducer({ partitionBy: DmsPartitionBy.SCHEMA_TABLE, tables: [{ schemaName: 'sales', tableName: '%' }] });
    expect(unknown.ingest.writers[0].partitionKey.distinctValues).toBeUndefined();
    const stated = dmsProducer({ partitionBy: DmsPartitionBy.SCHEMA_TABLE, tables: [{ schemaName: 'sales', tableName: '%' }], distinctKeys: 12 });
    expect(stated.ingest.writers[0].partitionKey.distinctValues).toBe(12);
  });

  test('by table, one table above one shard\'s records: an error', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Orders');
    expect(() => new DmsProducer(stack, 'Cdc', dmsProps(ingest, { partitionBy: DmsPartitionBy.SCHEMA_TABLE, recordsPerSecond: 1_500 })))
      .toThrow('TestStack/Cdc: `partitionKey` is the constant \'sales.orders\', so every record = 1,500 records/s goes to one shard, '
        + 'which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: key by a record field with many values, or a random key');
  });

  test('by table, two even tables above one shard each: an error', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Orders');
    expect(() => new DmsProducer(stack, 'Cdc', dmsProps(ingest, {
      partitionBy: DmsPartitionBy.SCHEMA_TABLE,
      recordsPerSecond: 2_400,
      tables: [{ schemaName: 'sales', tableName: 'orders' }, { schemaName: 'sales', tableName: 'refunds' }],
    }))).toThrow(/^TestStack\/Cdc: `partitionKey` 'schema.table': its busiest value carries 50% of writes = 1,200 records\/s/);
  });
});

describe('DmsProducer: sources', () => {
  test('a Kafka topic is refused with the reason', () => {
    const stack = testStack();
    const { topic } = kafkaTopic(stack);
    expect(() => new DmsProducer(stack, 'Cdc', dmsProps(topic))).toThrow(
      `TestStack/Cdc: cannot write to ${topic.sourceName}: DMS's Kafka target endpoint authenticates with SASL/SCRAM, PLAIN or TLS, `
      + 'not IAM, the only client authentication a KafkaBridge cluster accepts. Write with a Kafka client that authenticates with IAM '
      + '(grant it `grantWrite()`), or put the producer on a Kinesis stream (`StreamingIngest`) and bridge to Kafka from there.');
  });
});
