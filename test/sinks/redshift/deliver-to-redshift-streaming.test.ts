import { Annotations, App, Stack } from 'aws-cdk-lib';
import { Annotations as Warnings, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { appCluster, appWorkgroup, credentials, importedWorkgroup, ORDER_PLACED, SINK, WARNING } from './redshift-helpers';
import { StreamingIngest, StreamReadMode } from '../../../src';
import { DeliverToRedshift, DeliverToRedshiftProps, RedshiftLoadMode, RedshiftTarget } from '../../../src/sinks';
import { kafkaTopic } from '../../analytics/analytics-fixtures';
import { testStack } from '../../app-fixture';
import { expectInputError } from '../../input-errors';
import { getAtt, logicalId } from '../../template-refs';

/** Streaming ingestion 'Warehouse' of `StreamingIngest` 'Ingest' into a workgroup and namespace of the stack, view 'orders'. */
function ingestion(props: (stack: Stack) => Partial<DeliverToRedshiftProps> = () => ({})) {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest');
  const { workgroup, namespace } = appWorkgroup(stack);
  const sink = new DeliverToRedshift(stack, 'Warehouse', {
    source: ingest,
    target: RedshiftTarget.fromWorkgroup(workgroup, namespace),
    database: 'dev',
    tableName: 'orders',
    mode: RedshiftLoadMode.STREAMING_INGESTION,
    ...props(stack),
  });
  return { stack, ingest, sink, namespace, workgroup, template: Template.fromStack(stack) };
}

/** The create statements of the SQL resource `id` of the sink. */
function createStatements(template: Template, sink: DeliverToRedshift, id: string): any[] {
  const resource = (sink.node.findChild(id) as any).resource;
  return template.toJSON().Resources[logicalId(resource)].Properties.CreateStatements;
}

describe('DeliverToRedshift (STREAMING_INGESTION) into a workgroup of the app', () => {
  test('a new role Redshift (and Redshift Serverless) assumes, associated with the namespace, reading the stream', () => {
    const { sink, ingest, namespace, template } = ingestion();
    const role = sink.redshiftRole!;
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' } },
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'redshift-serverless.amazonaws.com' } },
        ],
      },
    });
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', { IamRoles: [getAtt(role, 'Arn')] });
    expect(namespace.iamRoles).toHaveLength(1);
    const policy = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } }))[0];
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['kinesis:DescribeStreamSummary', 'kinesis:GetShardIterator', 'kinesis:GetRecords',
      'kinesis:ListShards', 'kinesis:DescribeStream']));
    expect(actions.some((a: string) => /^kinesis:Put/.test(a))).toBe(false);
    expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual(getAtt(ingest.stream, 'Arn'));
    // ListStreams on *, as Redshift's guide grants it (a statement of its own); everything else stays on the stream and its key.
    const wildcard = policy.Properties.PolicyDocument.Statement.filter((st: any) => st.Resource === '*');
    expect(wildcard).toEqual([{ Effect: 'Allow', Action: 'kinesis:ListStreams', Resource: '*' }]);
  });

  test('the external schema and the materialized view through the Data API, after the role and its association; no Firehose', () => {
    const { sink, ingest, stack, template } = ingestion();
    const statements = createStatements(template, sink, 'IngestionSql');
    // A statement with the role's ARN or the stream's name is a join: its first part starts it.
    const text = statements.map((s: any) => (typeof s === 'string' ? s : s['Fn::Join'][1][0]));
    expect(text.map(s => s.split(' ').slice(0, 3).join(' '))).toEqual([
      'SET enable_case_sensitive_identifier TO', 'DROP MATERIALIZED VIEW', 'DROP SCHEMA IF', 'CREATE EXTERNAL SCHEMA', 'CREATE MATERIALIZED VIEW',
    ]);
    expect(stack.resolve(statements[3])).toEqual({
      'Fn::Join': ['', ['CREATE EXTERNAL SCHEMA "kinesis_public_orders" FROM KINESIS IAM_ROLE \'', getAtt(sink.redshiftRole!, 'Arn'), '\'']],
    });
    expect(statements[4]['Fn::Join'][1][0]).toContain('"public"."orders" AUTO REFRESH YES');
    // The view reads the stream by its name.
    expect(JSON.stringify(stack.resolve(statements[4]))).toContain(JSON.stringify(stack.resolve(ingest.stream.streamName)));
    const resource = template.toJSON().Resources[logicalId((sink.node.findChild('IngestionSql') as any).resource)];
    expect(resource.Properties.WorkgroupName).toBeDefined();
    expect(resource.DependsOn).toEqual(expect.arrayContaining([logicalId(stack.node.findChild('Namespace') as any), logicalId(stack.node.findChild('Workgroup') as any)]));
    expect(resource.DependsOn.some((d: string) => d.startsWith('WarehouseRedshiftRole'))).toBe(true);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(sink.deliveryStreamName).toBeUndefined();
    expect(sink.deliveryRole).toBeUndefined();
    expect(sink.intermediateBucket).toBeUndefined();
    expect(sink.firehoseAddresses).toBeUndefined();
    expect(sink.alarms).toEqual([]);
    expect(sink.metricCopySuccess()).toBeUndefined();
    expect(sink.metricReadLag()).toBeUndefined();
  });

  test('two views of the same name in two schemas: each has its own external schema, which only its statements drop', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    const { workgroup, namespace } = appWorkgroup(stack);
    const target = RedshiftTarget.fromWorkgroup(workgroup, namespace);
    const sinks = ['sales', 'audit'].map(schemaName => new DeliverToRedshift(stack, `Orders-${schemaName}`, {
      source: ingest,
      target,
      database: 'dev',
      tableName: 'orders',
      schemaName,
      mode: RedshiftLoadMode.STREAMING_INGESTION,
      readerName: `orders-${schemaName}`,
    }));
    const template = Template.fromStack(stack);
    const deletes = sinks.map(sink => template.toJSON().Resources[logicalId((sink.node.findChild('IngestionSql') as any).resource)]
      .Properties.DeleteStatements);
    expect(deletes).toEqual([
      ['DROP MATERIALIZED VIEW IF EXISTS "sales"."orders"', 'DROP SCHEMA IF EXISTS "kinesis_sales_orders"'],
      ['DROP MATERIALIZED VIEW IF EXISTS "audit"."orders"', 'DROP SCHEMA IF EXISTS "kinesis_audit_orders"'],
    ]);
  });

  test('no `dataApiSecret` on a workgroup: an acknowledgeable warning that IAMR:<handler role> lacks CREATE on the database', () => {
    const { stack } = ingestion();
    Warnings.fromStack(stack).hasWarning(`/${SINK}`, `${SINK}: no \`dataApiSecret\`, so the Data API runs the ingestion SQL on the `
      + `workgroup as IAMR:<name of its handler role, ${SINK}/IngestionSql/HandlerRole>, an ordinary database user without CREATE on the `
      + 'database dev, which CREATE EXTERNAL SCHEMA and CREATE SCHEMA need: the deployment would fail with permission denied. Give '
      + '`dataApiSecret` (the secret of the namespace\'s admin), or grant that user CREATE ON DATABASE (and, in an existing schema, '
      + `CREATE on it) before deploying; then acknowledge this warning. [ack: ${WARNING.dataApiUserPrivileges}]`);
    const acknowledged = ingestion();
    Annotations.of(acknowledged.sink).acknowledgeWarning(WARNING.dataApiUserPrivileges);
    Warnings.fromStack(acknowledged.stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('dataApiUserPrivileges'));
  });

  test('with `dataApiSecret`, or on a cluster (which needs credentials anyway): no such warning', () => {
    const secret = ingestion(s => ({ dataApiSecret: secretsmanager.Secret.fromSecretNameV2(s, 'Admin', 'admin') }));
    Warnings.fromStack(secret.stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('dataApiUserPrivileges'));
    const cluster = ingestion(s => ({ target: RedshiftTarget.fromCluster(appCluster(s)), databaseUser: 'admin' }));
    Warnings.fromStack(cluster.stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('dataApiUserPrivileges'));
  });

  test('Redshift is a polling reader of the stream', () => {
    const { ingest } = ingestion();
    expect(ingest.readers).toEqual([expect.objectContaining({ readMode: StreamReadMode.POLLING, path: SINK })]);
  });

  test('with a schema, a typed view over the materialized view, as a second resource after the first', () => {
    const { sink, template } = ingestion(() => ({ schema: ORDER_PLACED }));
    const statements = createStatements(template, sink, 'ColumnsViewSql');
    expect(statements[0]).toBe('DROP VIEW IF EXISTS "public"."orders_columns"');
    expect(statements[1]).toContain('"customerid"');
    const resource = template.toJSON().Resources[logicalId((sink.node.findChild('ColumnsViewSql') as any).resource)];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([logicalId((sink.node.findChild('IngestionSql') as any).resource)]));
  });
});

describe('DeliverToRedshift (STREAMING_INGESTION) roles and targets', () => {
  test('an imported workgroup without `redshiftRole`: refused, saying only its owner can associate a role', () => {
    expectInputError(() => ingestion(() => ({ target: importedWorkgroup() })), `${SINK}: \`redshiftRole\` is required: the workgroup is not `
      + 'defined in this app (or its namespace was not given), and only its owner can associate the IAM role Redshift reads the stream with. '
      + 'Associate a role with it, pass it as `redshiftRole` (it is granted read on the stream), or give the `CfnNamespace` to '
      + '`RedshiftTarget.fromWorkgroup()`');
  });

  test('an imported workgroup with `redshiftRole`: that role is granted read, none created or associated', () => {
    const { sink, template } = ingestion(s => ({
      target: importedWorkgroup(), redshiftRole: iam.Role.fromRoleArn(s, 'Given', 'arn:aws:iam::111111111111:role/redshift-kinesis'),
    }));
    expect(sink.redshiftRole!.roleArn).toBe('arn:aws:iam::111111111111:role/redshift-kinesis');
    template.resourcePropertiesCountIs('AWS::IAM::Role', { Description: Match.stringLikeRegexp('streaming ingestion') }, 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['redshift-kinesis'],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['kinesis:GetRecords']) })]) },
    });
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', { IamRoles: Match.absent() });
  });

  test('a cluster of the app: the role trusted by Redshift only, associated with the cluster; the SQL connects as `databaseUser`', () => {
    const { sink, template } = ingestion(s => ({ target: RedshiftTarget.fromCluster(appCluster(s)), databaseUser: 'admin' }));
    template.hasResourceProperties('AWS::Redshift::Cluster', { IamRoles: [getAtt(sink.redshiftRole!, 'Arn')] });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'redshift.amazonaws.com' } })] },
    });
    const resource = template.toJSON().Resources[logicalId((sink.node.findChild('IngestionSql') as any).resource)];
    expect(resource.Properties.DbUser).toBe('admin');
  });

  describe('a namespace in another stack than the sink', () => {
    /** The workgroup and namespace in 'WarehouseStack', the sink in 'TestStack' of the same app. */
    function crossStack(role?: (warehouse: Stack) => iam.IRole) {
      const stack = testStack();
      const warehouse = new Stack(stack.node.root as App, 'WarehouseStack', { env: { account: '111111111111', region: 'us-east-1' } });
      const { workgroup, namespace } = appWorkgroup(warehouse);
      const sink = new DeliverToRedshift(stack, 'Warehouse', {
        source: new StreamingIngest(stack, 'Ingest'),
        target: RedshiftTarget.fromWorkgroup(workgroup, namespace),
        database: 'dev',
        tableName: 'orders',
        mode: RedshiftLoadMode.STREAMING_INGESTION,
        redshiftRole: role?.(warehouse),
      });
      return { stack, sink };
    }

    test('without `redshiftRole`: refused at synth (associating a new role here would make the two stacks reference each other)', () => {
      expectInputError(() => crossStack(), `${SINK}: \`redshiftRole\` is required: the workgroup's namespace WarehouseStack/Namespace `
        + 'is in the stack WarehouseStack, and this sink is in TestStack. A new role associated with it would put this stack\'s role ARN '
        + 'into that stack, while this stack\'s SQL depends on the association: the two stacks would reference each other. Create the '
        + 'role in WarehouseStack, associate it with the namespace there (trusted by redshift.amazonaws.com, and '
        + 'redshift-serverless.amazonaws.com for a workgroup), and pass it as `redshiftRole` (it is granted read on the stream); or put '
        + 'the warehouse and this sink in one stack');
    });

    test('with a role of the warehouse\'s stack, associated there: the app synthesizes, no role created in the sink\'s stack', () => {
      const { stack, sink } = crossStack(warehouse => {
        const role = new iam.Role(warehouse, 'Reader', { assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com') });
        const namespace = warehouse.node.findChild('Namespace') as redshiftserverless.CfnNamespace;
        namespace.iamRoles = [role.roleArn];
        return role;
      });
      expect(() => (stack.node.root as App).synth()).not.toThrow();
      expect(sink.node.tryFindChild('RedshiftRole')).toBeUndefined();
      // The read grant is a policy of the sink's stack (on the role imported by its ARN): the stream's ARN stays here.
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['kinesis:GetRecords']) })]) },
      });
    });
  });

  test('a namespace in the sink\'s own stack: the new role is associated, and the app synthesizes', () => {
    const { stack, sink, template } = ingestion();
    expect(() => (stack.node.root as App).synth()).not.toThrow();
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', { IamRoles: [getAtt(sink.redshiftRole!, 'Arn')] });
  });

  test.each<[string, (s: Stack) => Partial<DeliverToRedshiftProps>, string]>([
    ['credentials', s => ({ credentials: credentials(s) }), '`credentials` applies to RedshiftLoadMode.FIREHOSE_COPY, and `mode` is RedshiftLoadMode.STREAMING_INGESTION'],
    ['createTable', () => ({ createTable: true }), '`createTable` applies to RedshiftLoadMode.FIREHOSE_COPY, and `mode` is RedshiftLoadMode.STREAMING_INGESTION'],
    ['epochMillisecondTimestamps', () => ({ epochMillisecondTimestamps: true }),
      '`epochMillisecondTimestamps` applies to RedshiftLoadMode.FIREHOSE_COPY, and `mode` is RedshiftLoadMode.STREAMING_INGESTION'],
    // They used to be accepted and silently create nothing.
    ['createAlarms', () => ({ createAlarms: true }), '`createAlarms` applies to RedshiftLoadMode.FIREHOSE_COPY, and `mode` is '
      + 'RedshiftLoadMode.STREAMING_INGESTION: streaming ingestion creates no alarms of its own: the stream\'s own alarms (its iterator age) watch Redshift\'s reads'],
    ['alarmAction', s => ({ alarmAction: new cw_actions.SnsAction(new sns.Topic(s, 'Oncall')) }), '`alarmAction` applies to '
      + 'RedshiftLoadMode.FIREHOSE_COPY, and `mode` is RedshiftLoadMode.STREAMING_INGESTION: streaming ingestion creates no alarms of its '
      + 'own: the stream\'s own alarms (its iterator age) watch Redshift\'s reads'],
    ['a cluster without SQL credentials', s => ({ target: RedshiftTarget.fromCluster(appCluster(s)) }),
      'a provisioned cluster needs `dataApiSecret` or `databaseUser`: the credentials the SQL run at deployment connects to it with through the Redshift Data API'],
    ['both SQL credentials', s => ({ databaseUser: 'admin', dataApiSecret: secretsmanager.Secret.fromSecretNameV2(s, 'Admin', 'admin') }),
      'give one of `dataApiSecret` and `databaseUser`, not both: the SQL run at deployment connects with one'],
  ])('refuses %s', (_name, props, message) => {
    expectInputError(() => ingestion(props), `${SINK}: ${message}`);
  });

  test('a Kafka topic: refused, pointing to FIREHOSE_COPY', () => {
    const stack = testStack();
    const { topic } = kafkaTopic(stack);
    const { workgroup, namespace } = appWorkgroup(stack);
    expectInputError(() => new DeliverToRedshift(stack, 'Warehouse', {
      source: topic,
      target: RedshiftTarget.fromWorkgroup(workgroup, namespace),
      database: 'dev',
      tableName: 'orders',
      mode: RedshiftLoadMode.STREAMING_INGESTION,
    }), `${SINK}: RedshiftLoadMode.STREAMING_INGESTION reads a Kinesis stream, and ${topic.sourceName} is not one: `
      + 'use RedshiftLoadMode.FIREHOSE_COPY, which reads a Kafka topic too');
  });
});
