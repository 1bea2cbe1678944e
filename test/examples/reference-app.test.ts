import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { describePipelines } from '../../examples/pipeline-report';
import { describeApplications, describeSources } from '../../examples/plan-report';
import { referenceApp } from '../../examples/reference-app';
import { ReferencePipelineStack } from '../../examples/reference-pipeline';
import { StreamAnalytics, StreamingIngest, StreamingPipeline } from '../../src';
import { usd } from '../../src/common/format';

// These tests run the checks no one here wrote, as `npm run plan` does.
const validationSetting = process.env.CDK_VALIDATION;
beforeAll(() => { delete process.env.CDK_VALIDATION; });
afterAll(() => { process.env.CDK_VALIDATION = validationSetting; });

const outdirs: string[] = [];
afterAll(() => outdirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));
function tempOutdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-reference-'));
  outdirs.push(dir);
  return dir;
}

interface ValidationReport {
  readonly pluginReports: Array<{ readonly pluginName: string; readonly violations: Array<{ readonly ruleName: string }> }>;
}

function report(outdir: string): ValidationReport {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf-8'));
}

describe('reference pipelines', () => {
  test('pass CloudFormation validation and cdk-nag AwsSolutions with no finding', () => {
    const outdir = tempOutdir();
    const app = referenceApp({ outdir });
    const assembly = app.synth();

    expect(assembly.stacks.map(s => s.stackName).sort()).toEqual(['KafkaPipeline', 'ReferencePipeline']);
    const findings = report(outdir).pluginReports.flatMap(r => r.violations.map(v => `${r.pluginName}: ${v.ruleName}`));
    expect(findings).toEqual([]);
  });

  test('the checks are live: a bad resource in the same app fails synth', () => {
    const outdir = tempOutdir();
    const app = referenceApp({ outdir });
    const stack = app.node.findChild('ReferencePipeline') as Stack;
    new sns.Topic(stack, 'PlainTopic'); // no TLS-only policy: cdk-nag SNS3
    const raw = new kinesis.CfnStream(stack, 'NoShards', { shardCount: 0 }); // CloudFormation: minimum 1
    Validations.of(raw).acknowledge({ id: 'AwsSolutions-KDS1', reason: 'only the CloudFormation finding is under test here' });

    expect(() => app.synth()).toThrow(/AwsSolutions-SNS3/);
    const rules = report(outdir).pluginReports.flatMap(r => r.violations.map(v => `${r.pluginName}: ${v.ruleName}`));
    expect(rules.sort()).toEqual([
      'AwsSolutions: AwsSolutions-SNS3',
      'CloudFormation Validate: F3034',
    ]);
  });

  test('clickstream and orders streams are sized from their workloads', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    // Clickstream: 4 MiB/s at 700 bytes = 5,992 records/s, +25% → 7.5 → 8 shards.
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 8,
      RetentionPeriodHours: 24,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      DesiredShardLevelMetrics: ['IncomingBytes', 'IncomingRecords'],
    });
    // Orders: 0.5 MiB/s read by 3 polling readers (1.5 MiB/s of the 2 they share per shard) +50% → 2 shards,
    // 7 days, the team's key.
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 2,
      RetentionPeriodHours: 168,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StreamKey'), 'Arn'] } },
    });
    // 8 + 6 stream alarms, 7 for the fraud detector (latency objective, backstop, its lag behind the stream, errors,
    // throttles, failure delivery, records given up on), 6 for the aggregate's consumer and 4 for the aggregate itself
    // (records and values set aside, table throttling, merges applied again), 4 for the clickstream archive and 5 for
    // the orders lake (with failed Parquet conversions), each lake with its read-latency objective and read-lag backstop,
    // 6 for the order-windows Flink application (downtime, failed checkpoints, checkpoint duration, CPU, heap, lag),
    // 7 for the clickstream index (freshness, indexing success, refused documents, refused role, backup writes,
    // read latency, read lag), 3 for the clickstream's front door (5XX answers, 4XX rate, latency) and 2 for the
    // orders' change data capture (source and target latency)
    template.resourceCountIs('AWS::CloudWatch::Alarm', 58);
  });

  test('the reference document\'s archive: Firehose from the stream into a versioned bucket under date prefixes', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Clickstream'), 'Arn'] } },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorageClickstreamArchiveBucket'), 'Arn'] },
        Prefix: 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/',
        ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/',
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
        CompressionFormat: 'GZIP',
      }),
    });
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
      DeletionPolicy: 'Retain',
    });
    expect(Object.keys(buckets)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^StorageClickstreamArchiveBucket/), expect.stringMatching(/^StorageOrdersLakeBucket/),
    ]));
  });

  test('the clickstream is indexed daily into a secure OpenSearch domain, failed clicks kept in a retained backup', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Clickstream'), 'Arn'] } },
      AmazonopensearchserviceDestinationConfiguration: Match.objectLike({
        DomainARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorageClickstreamSearchDomain'), 'Arn'] },
        IndexName: 'clickstream',
        IndexRotationPeriod: 'OneDay',
        S3BackupMode: 'FailedDocumentsOnly',
      }),
    });
    template.hasResource('AWS::OpenSearchService::Domain', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdvancedSecurityOptions: Match.objectLike({ Enabled: true, InternalUserDatabaseEnabled: false }),
        NodeToNodeEncryptionOptions: { Enabled: true },
        EncryptionAtRestOptions: Match.objectLike({ Enabled: true }),
        DomainEndpointOptions: Match.objectLike({ EnforceHTTPS: true }),
      }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DeliveryToAmazonOpenSearchService.AuthFailure',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^OnCall') }],
    });
  });

  test('orders reach Redshift Serverless within seconds by streaming ingestion, created with the admin secret', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    // No Firehose into Redshift: Redshift reads the stream with a role associated with the namespace.
    template.resourcePropertiesCountIs('AWS::KinesisFirehose::DeliveryStream', { RedshiftDestinationConfiguration: Match.anyValue() }, 0);
    // Both Redshift services may assume it (one statement: the app minimizes policies, as `cdk init` sets).
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: ['redshift-serverless.amazonaws.com', 'redshift.amazonaws.com'] } })],
        },
      },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const [roleId] = Object.keys(roles);
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
      NamespaceName: 'orders-warehouse',
      IamRoles: [{ 'Fn::GetAtt': [roleId, 'Arn'] }],
      AdminUserPassword: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:')])] }),
    });
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', { WorkgroupName: 'orders-warehouse', PubliclyAccessible: false });
    const sql = Object.values(template.findResources('Custom::RedshiftSql')).map(r => r.Properties);
    // The stream's view keeps each order as SUPER; a second resource types the registered columns on top.
    const statements = sql.map(p => JSON.stringify(p.CreateStatements));
    expect(statements[0]).toMatch(/CREATE EXTERNAL SCHEMA \\"kinesis_public_orders\\" FROM KINESIS IAM_ROLE/);
    expect(statements[0]).toMatch(/CREATE MATERIALIZED VIEW \\"public\\".\\"orders\\" AUTO REFRESH YES AS SELECT/);
    expect(sql.every(p => p.SecretArn !== undefined && p.Database === 'analytics')).toBe(true);
  });

  test('orders land as Parquet in a catalogued table that Athena queries through partition projection', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'orders',
      TableInput: Match.objectLike({
        Name: 'order_placed',
        Parameters: Match.objectLike({ 'projection.enabled': 'true', 'classification': 'parquet' }),
        StorageDescriptor: Match.objectLike({
          Columns: [
            { Name: 'order_id', Type: 'string' },
            { Name: 'customer_id', Type: 'string' },
            { Name: 'amount', Type: 'decimal(12,2)', Comment: 'Order total in the currency below' },
            { Name: 'currency', Type: 'string' },
            { Name: 'items', Type: 'array<string>', Comment: 'SKUs' },
            { Name: 'placed_at', Type: 'timestamp' },
          ],
        }),
      }),
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        DataFormatConversionConfiguration: Match.objectLike({ Enabled: true }),
        CompressionFormat: Match.absent(), // Firehose's default, UNCOMPRESSED: Parquet compresses inside the files
      }),
    });
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
  });

  test('the orders\' event format is registered once, as JSON Schema, evolving backward-compatibly', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    template.hasResourceProperties('AWS::Glue::Schema', {
      Name: 'OrderPlaced',
      DataFormat: 'JSON',
      Compatibility: 'BACKWARD',
      SchemaDefinition: Match.stringLikeRegexp('"title":"OrderPlaced"'),
    });
  });

  test('the fraud detector reads orders per shard through its own enhanced fan-out consumer', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', { ConsumerName: 'fraud-detector' });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersReadersfrauddetector'), 'ConsumerARN'] },
      FunctionName: { Ref: Match.stringLikeRegexp('^ProcessingFraudCheck') },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      // It scores within a second: records are handed over as they arrive.
      MaximumBatchingWindowInSeconds: 0,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      // three quarters of the orders stream's 7 days: 42 hours left to replay
      MaximumRecordAgeInSeconds: 453600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProcessingFraudDetectorFailureBucket'), 'Arn'] } } },
      MetricsConfig: { Metrics: ['EventCount'] },
    });
  });

  test('the fraud detector alarms at its 30-second latency objective, the 42-hour backstop stays', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);
    const iteratorAge = (threshold: number, periods: number) => template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ProcessingFraudCheck') } }],
      Threshold: threshold,
      EvaluationPeriods: periods,
    });

    iteratorAge(30000, 3);
    iteratorAge(151200000, 5);
  });

  test('spend per customer is kept per minute in a retained, encrypted, recoverable table', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);

    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }, { AttributeName: 'windowStart', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Orders'), 'Arn'] },
      TumblingWindowInSeconds: 60,
      ParallelizationFactor: 1,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: Match.objectLike({
          AGGREGATE_CONFIG: JSON.stringify({
            keyPath: ['customer_id'],
            measures: [
              { attribute: 'orders', kind: 'count' },
              { attribute: 'sum_amount', kind: 'sum', path: ['amount'] },
              { attribute: 'max_amount', kind: 'max', path: ['amount'] },
            ],
            expireAfterSeconds: 2592000,
            maxBatchSize: 100,
            failurePrefix: 'aggregate-failures/',
          }),
          AGGREGATE_FAILURE_BUCKET: { Ref: Match.stringLikeRegexp('^ProcessingSpendPerCustomerFailureBucket') },
        }),
      },
    });
    // A malformed record never fails its batch: Lambda is not asked to retry from it.
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      TumblingWindowInSeconds: 60,
      FunctionResponseTypes: Match.absent(),
      BisectBatchOnFunctionError: true,
    });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
    });
  });

  // Was a bug: the on-call topic is encrypted with the team's key, which CloudWatch could not use, so no alarm
  // notification was ever delivered.
  // Was a bug twice over: the on-call topic is TLS only and encrypted with the team's key. The key did not let
  // CloudWatch use it, then the topic policy (which replaces SNS's default) did not let CloudWatch publish:
  // every alarm changed state and nobody was paged.
  test('every alarm\'s action reaches a topic whose policy lets CloudWatch publish and whose key lets it encrypt', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);
    const resources = template.toJSON().Resources as Record<string, any>;
    const alarms = Object.values(resources).filter(r => r.Type === 'AWS::CloudWatch::Alarm');
    const topics = new Set(alarms.flatMap(a => [...a.Properties.AlarmActions, ...a.Properties.OKActions].map((action: any) => action.Ref)));
    expect(alarms.every(a => a.Properties.AlarmActions.length === 1)).toBe(true);
    expect([...topics]).toEqual([expect.stringMatching(/^OnCall/)]);

    for (const topic of topics) {
      const policy = Object.values(resources).find(r => r.Type === 'AWS::SNS::TopicPolicy' && r.Properties.Topics.some((t: any) => t.Ref === topic));
      expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topic },
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': expect.anything() } },
      })]));
      const keyId = resources[topic].Properties.KmsMasterKeyId['Fn::GetAtt'][0];
      expect(resources[keyId].Properties.KeyPolicy.Statement).toEqual(expect.arrayContaining([expect.objectContaining({
        Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      })]));
    }
  });

  test('no role may read the schema registry: every reader of orders parses plain JSON', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const template = Template.fromStack(app.node.findChild('ReferencePipeline') as Stack);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap(policy => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
    const actions = statements.flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action]));

    expect(actions).toContain('kinesis:GetRecords');
    expect(actions.filter(action => action.startsWith('glue:GetSchema'))).toEqual([]);
  });

  test('the producers: a REST front door keyed by session on the clickstream, DMS change data capture keyed by row on the orders', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const stack = app.node.findChild('ReferencePipeline') as ReferencePipelineStack;
    const template = Template.fromStack(stack);
    const { clickstreamApi, ordersCdc } = stack.producers;

    expect(stack.clickstream.writers.map(w => [w.writerName, w.recordsPerSecond, String(w.partitionKey)]))
      .toEqual([['clickstream-api', 5_900, '\'sessionId\'']]);
    expect(stack.orders.writers.map(w => w.writerName)).toEqual(['orders-cdc']);
    // Within both streams' workloads: the shard counts are the workloads' own.
    expect(stack.clickstream.plan!.shardCount).toBe(8);
    expect(stack.orders.plan!.shardCount).toBe(2);

    const integration = template.toJSON().Resources[stack.getLogicalId(clickstreamApi.recordMethod.node.defaultChild as CfnElement)]
      .Properties.Integration;
    expect(JSON.stringify(integration.RequestTemplates['application/json'])).toContain('#set($key = $input.json(\'$.sessionId\'))');
    // The stack's region is known and the app sets `cdk init`'s flags (partition literals): a plain ARN.
    expect(stack.resolve(integration.Uri)).toEqual('arn:aws:apigateway:us-east-1:kinesis:action/PutRecord');
    template.hasResourceProperties('AWS::DMS::Endpoint', {
      EndpointType: 'target',
      EngineName: 'kinesis',
      KinesisSettings: Match.objectLike({
        MessageFormat: 'json-unformatted',
        PartitionIncludeSchemaTable: true,
        StreamArn: { 'Fn::GetAtt': [stack.getLogicalId(stack.orders.stream.node.defaultChild as CfnElement), 'Arn'] },
      }),
    });
    template.hasResourceProperties('AWS::DMS::ReplicationTask', {
      MigrationType: 'cdc',
      SourceEndpointArn: 'arn:aws:dms:us-east-1:111111111111:endpoint:ORDERSDBPOSTGRESSOURCE',
      ReplicationInstanceArn: 'arn:aws:dms:us-east-1:111111111111:rep:ORDERSREPLICATIONINSTANCE',
    });
    expect(ordersCdc.alarms).toHaveLength(2);
  });

  test('the plan report names every stream with its shards, limits, readers, cost and warnings', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const assembly = app.synth();
    const sources = app.node.findAll().filter((c): c is StreamingIngest => c instanceof StreamingIngest);
    const text = describeSources(sources, assembly);

    expect(text).toContain('ReferencePipeline/Clickstream (provisioned, 24 h retention, 8 alarms)');
    expect(text).toContain('8 shards (workload needs 8, bound by write records (1,000 records/s per shard) with 25% headroom)');
    expect(text).toContain('ReferencePipeline/Orders (provisioned, 168 h retention, 6 alarms)');
    expect(text).toMatch(/cost\/month {5}provisioned \$[\d,.]+, on-demand \$[\d,.]+: provisioned is cheaper/);
    // orders: 7 days of retention and one enhanced fan-out consumer
    expect(text).toContain('  cost note: On-demand retention beyond 24 hours is billed per GB-month, not included: on-demand looks cheaper than it is.');
    expect(text).toContain('  cost note: On-demand enhanced fan-out is priced per GB at the provisioned enhanced fan-out GB price.');
    expect(text).toMatch(/ {4}fraud-detector {6}enhanced fan-out: its own 2 MiB\/s per shard, about \$[\d.]+\/month  \(ReferencePipeline\/Processing\/FraudDetector\)/);
    // Orders: 0.5 MiB/s over 2 shards is 0.25 per shard for each of its three polling readers.
    expect(text).toContain('    spend-per-customer  polling: 0.25 of the 2 MiB/s per shard all polling readers share  (ReferencePipeline/Processing/SpendPerCustomer/Consumer)');
    expect(text).toContain('    orders-lake         polling: 0.25 of the 2 MiB/s per shard all polling readers share  (ReferencePipeline/Storage/OrdersLake)');
    expect(text).toContain('    orders-warehouse    polling: 0.25 of the 2 MiB/s per shard all polling readers share  (ReferencePipeline/Warehouse/OrdersWarehouse)');
    expect(text).toContain('    clickstream-archive  polling: 0.50 of the 2 MiB/s per shard all polling readers share  (ReferencePipeline/Storage/ClickstreamArchive)');
    expect(text).toContain('    clickstream-search   polling: 0.50 of the 2 MiB/s per shard all polling readers share  (ReferencePipeline/Storage/ClickstreamSearch)');
    expect(text).toContain('(3 polling, 2 enhanced fan-out consumers)');
    expect(text).toContain('    clickstream-api  5,900 records/s of 700 bytes, keyed by \'sessionId\'  (ReferencePipeline/Producers/ClickstreamApi)');
    expect(text).toContain('    orders-cdc  200 records/s of 2,000 bytes, keyed by \'schema.table.primaryKey\'  (ReferencePipeline/Producers/OrdersCdc)');
    expect(text).not.toContain('warning:');
  });

  test('the plan report prints the order-windows Flink application: KPUs, storage, autoscaling, cost and its property groups', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const assembly = app.synth();
    const applications = app.node.findAll().filter((c): c is StreamAnalytics => c instanceof StreamAnalytics);
    const text = describeApplications(applications, assembly);

    expect(applications.map(a => a.node.path)).toEqual(['ReferencePipeline/Analytics/OrderWindows']);
    // 250 orders/s × 1.5 ÷ 500 per subtask → parallelism 1 → 1 KPU + 1 for orchestration, 2 × $0.11 × 730 h.
    expect(text).toContain('Managed Flink application ReferencePipeline/Analytics/OrderWindows (FLINK-1_20, 6 alarms)');
    expect(text).toContain('  2 KPUs billed: 1 for parallelism 1 at 1 per KPU, plus 1 for orchestration');
    expect(text).toContain('    cost/month         $160.60 (KPU-hours $160.60; running storage $5.00 not included)');
    expect(text).toContain('  properties: Source, Sink.windows');
    expect(text).not.toContain('warning:');
  });

  test('one pipeline over both streams: a dashboard widget per alarm, the monthly cost as a stack output', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    const stack = app.node.findChild('ReferencePipeline') as ReferencePipelineStack;
    const template = Template.fromStack(stack);
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(stack.pipeline.alarms.length).toBe(alarmIds.length);
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const id of alarmIds) {
      expect(body).toContain(`"Fn::GetAtt":["${id}","Arn"]`);
    }
    const cost = stack.pipeline.costReport();
    const output = Object.entries(template.findOutputs('*')).find(([id]) => id.startsWith('PipelineMonthlyCost'))![1];
    expect(output.Value).toBe(cost.headline);
    expect(cost.parts.map(p => p.part).sort()).toEqual([
      'Analytics/OrderWindows', 'Clickstream', 'Orders', 'Processing/FraudDetector', 'Processing/SpendPerCustomer',
      'Storage/ClickstreamArchive', 'Storage/ClickstreamSearch', 'Storage/OrdersLake',
    ]);
    expect(cost.unpriced.map(u => u.part).sort()).toEqual(['Producers/ClickstreamApi', 'Producers/OrdersCdc', 'Warehouse/OrdersWarehouse']);
  });

  test('the main job prints each pipeline\'s decision, cost and diagram', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    app.synth();
    const pipelines = app.node.findAll().filter((c): c is StreamingPipeline => c instanceof StreamingPipeline);
    const text = describePipelines(pipelines);
    expect(text).toContain('Pipeline ReferencePipeline/Pipeline (58 alarms, all to one action)\n  Ingest: Kinesis Data Streams\n');
    expect(text).toContain('Pipeline KafkaPipeline/Payments (17 alarms, all to one action)\n  Ingest: Amazon MSK\n');
    expect(text).toContain(`  Monthly cost at peak: ${usd(pipelines[0].costReport().monthlyUsd)}\n`);
    expect(text).toContain('  Diagram:\n  ```mermaid\n  flowchart LR\n');
    for (const pipeline of pipelines) {
      expect(text).toContain(pipeline.diagram().trimEnd().split('\n').map(line => `  ${line}`).join('\n'));
    }
  });

  test('whole reference pipeline template', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    expect(Template.fromStack(app.node.findChild('ReferencePipeline') as Stack).toJSON()).toMatchSnapshot();
  });
});

describe('the feature flags the example app sets', () => {
  test('are aws-cdk-lib\'s recommended flags, recorded: an upgrade that adds or changes one shows here, not only inside a template diff', () => {
    const app = referenceApp({ outdir: tempOutdir() });
    for (const [flag, value] of Object.entries(CURRENTLY_RECOMMENDED_FLAGS)) {
      expect([flag, app.node.tryGetContext(flag)]).toEqual([flag, value]);
    }
    expect(CURRENTLY_RECOMMENDED_FLAGS).toMatchSnapshot();
  });
});

