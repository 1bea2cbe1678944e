import { Annotations, Duration, Size } from 'aws-cdk-lib';
import { Annotations as Warnings, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ALARM, appCluster, appWorkgroup, CLUSTER_ENDPOINT, CREDENTIALS_ARN, deliveryStatements, DELIVERY_STREAM, destination, importedCluster,
  PropsIn, SINK, WARNING, warehouseOf, WORKGROUP_ENDPOINT,
} from './redshift-helpers';
import { StreamReadMode } from '../../../src';
import { RedshiftBackupMode, RedshiftLoadMode, RedshiftTarget } from '../../../src/sinks';
import { kafkaTopic } from '../../analytics/analytics-fixtures';
import { expectInputError } from '../../input-errors';
import { getAtt, logicalId } from '../../template-refs';

const GENERATED_OPTIONS = "FORMAT AS JSON 'auto ignorecase' GZIP TIMEFORMAT 'auto'";

describe('DeliverToRedshift (FIREHOSE_COPY) of a StreamingIngest, by default', () => {
  test('Firehose reads the stream, writes GZIP objects under redshift-intermediate/ every 5 minutes or 5 MiB, and COPYs with the secret, retrying 1 hour', () => {
    const { ingest, sink, template } = warehouseOf();
    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: getAtt(ingest.stream, 'Arn') },
      DeliveryStreamEncryptionConfigurationInput: Match.absent(),
      RedshiftDestinationConfiguration: {
        ClusterJDBCURL: `jdbc:redshift://${WORKGROUP_ENDPOINT}:5439/dev`,
        CopyCommand: { DataTableName: '"public"."orders"', CopyOptions: GENERATED_OPTIONS },
        RoleARN: getAtt(sink.deliveryRole!, 'Arn'),
        SecretsManagerConfiguration: { Enabled: true, SecretARN: CREDENTIALS_ARN, RoleARN: getAtt(sink.deliveryRole!, 'Arn') },
        RetryOptions: { DurationInSeconds: 3600 },
        S3Configuration: {
          BucketARN: getAtt(sink.intermediateBucket!, 'Arn'),
          RoleARN: getAtt(sink.deliveryRole!, 'Arn'),
          Prefix: 'redshift-intermediate/',
          CompressionFormat: 'GZIP',
          BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 5 },
          CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
        },
        S3BackupMode: 'Disabled',
        CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
      },
    });
    // No password anywhere: the secret is all Firehose gets.
    expect(destination(template()).Password).toBeUndefined();
    expect(destination(template()).Username).toBeUndefined();
    expect(destination(template()).S3BackupConfiguration).toBeUndefined();
    // Without a schema, COPY loads every column by name: no column list.
    expect(destination(template()).CopyCommand.DataTableColumns).toBeUndefined();
    template().hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }) });
    expect(sink.mode).toBe(RedshiftLoadMode.FIREHOSE_COPY);
    expect(sink.tableName).toBe('orders');
    expect(sink.schemaName).toBe('public');
    expect(sink.redshiftRole).toBeUndefined();
    expect(sink.backupBucket).toBeUndefined();
  });

  test('Firehose is a polling reader of the source, with the read-lag thresholds in the plan', () => {
    const { ingest } = warehouseOf();
    expect(ingest.readers).toEqual([expect.objectContaining({ readMode: StreamReadMode.POLLING, path: SINK })]);
    expect(ingest.readers[0].latencyObjective!.toSeconds()).toBe(300);
    // A quarter of the stream's 24-hour retention.
    expect(ingest.readers[0].lagBackstop!.toSeconds()).toBe(6 * 3600);
  });

  test('without a schema no table is created, and an acknowledgeable warning says it must exist', () => {
    const { stack, template } = warehouseOf();
    template().resourceCountIs('AWS::CloudFormation::CustomResource', 0);
    expect(JSON.stringify(template().toJSON())).not.toContain('CREATE TABLE');
    Warnings.fromStack(stack).hasWarning(`/${SINK}`, `${SINK}: the table public.orders is not created (no \`schema\`, and the source has no `
      + 'registered one): it must exist, with columns named like the records\' fields, before the first delivery, or every COPY fails. '
      + `Create it, or give \`schema\`; then acknowledge this warning. [ack: ${WARNING.tableNotCreated}]`);
    const acknowledged = warehouseOf();
    Annotations.of(acknowledged.sink).acknowledgeWarning(WARNING.tableNotCreated);
    Warnings.fromStack(acknowledged.stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('tableNotCreated'));
  });

  test('the delivery role: read the stream, write the intermediate folders, read the secret, log; nothing more', () => {
    const { ingest, sink, template } = warehouseOf();
    const bucket = getAtt(sink.intermediateBucket!, 'Arn');
    const objects = (folder: string) => ({ 'Fn::Join': ['', [bucket, `/${folder}*`]] });
    const statements = deliveryStatements(template());
    expect(statements).toEqual([
      expect.objectContaining({ Action: 'logs:PutLogEvents' }),
      expect.objectContaining({ Action: 'logs:PutLogEvents' }),
      { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: bucket },
      {
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        Resource: [objects('redshift-intermediate/'), objects('manifests/'), objects('errors/')],
      },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: CREDENTIALS_ARN },
      {
        Effect: 'Allow',
        Action: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
        Resource: getAtt(ingest.stream, 'Arn'),
      },
    ]);
    expect(JSON.stringify(statements)).not.toContain('s3:DeleteObject');
  });

  test('alarms by DeliveryStreamName: freshness end to end, intermediate writes, COPY success, read latency and lag; quiet when idle', () => {
    const { sink, template } = warehouseOf();
    const name = { Name: 'DeliveryStreamName', Value: { Ref: Object.keys(template().findResources(DELIVERY_STREAM))[0] } };
    const alarm = (metric: string, statistic: string, threshold: number, operator: string, missing = 'notBreaching') =>
      template().hasResourceProperties(ALARM, {
        Namespace: 'AWS/Firehose',
        MetricName: metric,
        Statistic: statistic,
        Threshold: threshold,
        ComparisonOperator: operator,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Dimensions: [name],
        Period: 300,
        TreatMissingData: missing,
      });
    alarm('DeliveryToRedshift.DataFreshness', 'Maximum', 900, 'GreaterThanThreshold');
    alarm('DeliveryToS3.Success', 'Minimum', 1, 'LessThanThreshold');
    alarm('DeliveryToRedshift.Success', 'Minimum', 1, 'LessThanThreshold');
    alarm('KinesisMillisBehindLatest', 'Maximum', 300000, 'GreaterThanThreshold', 'ignore');
    alarm('KinesisMillisBehindLatest', 'Maximum', 6 * 3600 * 1000, 'GreaterThanThreshold', 'ignore');
    expect(sink.alarms).toHaveLength(5);
    // Firehose's Redshift table lists DeliveryToRedshift.DataFreshness (end to end): freshness is not measured
    // at the intermediate bucket, which would miss records stuck behind failing COPY commands.
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'DeliveryToS3.DataFreshness' }, 0);
    const freshness = Object.values(template().findResources(ALARM, { Properties: { MetricName: 'DeliveryToRedshift.DataFreshness' } }))[0];
    expect(freshness.Properties.AlarmDescription).toContain('the oldest record not yet in Redshift');
    const copyAlarm = Object.values(template().findResources(ALARM, { Properties: { MetricName: 'DeliveryToRedshift.Success' } }))[0];
    expect(copyAlarm.Properties.AlarmDescription).toContain('Firehose retries each COPY for 1 hour, then skips its objects and lists them in a manifest under errors/');
  });

  test('no backup: no backup alarm, no backup metric', () => {
    const { sink, template } = warehouseOf();
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'BackupToS3.Success' }, 0);
    expect(sink.metricBackupSuccess()).toBeUndefined();
  });

  test('with the backup enabled, BackupDeliverySuccessAlarm on BackupToS3.Success (not DeliveryToS3.Success, the intermediate bucket)', () => {
    const { stack, sink, template } = warehouseOf(() => ({ backupMode: RedshiftBackupMode.ENABLED }));
    const name = { Name: 'DeliveryStreamName', Value: { Ref: Object.keys(template().findResources(DELIVERY_STREAM))[0] } };
    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Firehose',
      MetricName: 'BackupToS3.Success',
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Dimensions: [name],
      Period: 300,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp('writes to the backup bucket failed in 15 minutes in a row \\(BackupToS3.Success below 1\\)'),
    });
    expect(sink.node.tryFindChild('BackupDeliverySuccessAlarm')).toBeDefined();
    // The intermediate bucket keeps its own alarm: one alarm each on DeliveryToS3.Success and BackupToS3.Success.
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'DeliveryToS3.Success' }, 1);
    expect(sink.alarms).toHaveLength(6);
    const metric = sink.metricBackupSuccess()!;
    expect(`${metric.metricName}/${metric.statistic}`).toBe('BackupToS3.Success/Minimum');
    expect(stack.resolve(metric.dimensions)).toEqual({ DeliveryStreamName: stack.resolve(sink.deliveryStreamName) });
  });

  test('metric methods are dimensioned by the delivery stream name', () => {
    const { stack, sink } = warehouseOf();
    const metrics = [sink.metricDataFreshness()!, sink.metricCopySuccess()!, sink.metricCopiedRecords()!,
      sink.metricIntermediateDeliverySuccess()!, sink.metricReadLag()!];
    expect(metrics.map(m => `${m.metricName}/${m.statistic}`)).toEqual([
      'DeliveryToRedshift.DataFreshness/Maximum', 'DeliveryToRedshift.Success/Minimum', 'DeliveryToRedshift.Records/Sum',
      'DeliveryToS3.Success/Minimum', 'KinesisMillisBehindLatest/Maximum',
    ]);
    for (const m of metrics) {
      expect(stack.resolve(m.dimensions)).toEqual({ DeliveryStreamName: stack.resolve(sink.deliveryStreamName) });
    }
  });

  test('firehoseAddresses is the Region\'s Firehose CIDR block, to allow in the target\'s security group', () => {
    const { sink } = warehouseOf();
    expect(sink.firehoseAddresses!.toIngressRuleConfig()).toEqual({ cidrIp: '52.70.63.192/27' });
  });
});

describe('DeliverToRedshift (FIREHOSE_COPY) table from a schema', () => {
  test('the source\'s registered schema: the table is created before the delivery stream, and COPY lists its columns', () => {
    const { sink, template } = warehouseOf(() => ({}), { registered: true });
    expect(destination(template()).CopyCommand.DataTableColumns).toBe('"customerid","amount"');
    const sql = sink.node.findChild('TableSql');
    const stream = Object.values(template().findResources(DELIVERY_STREAM))[0];
    expect(stream.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^WarehouseTableSql/)]));
    expect(JSON.stringify(template().toJSON())).toContain('CREATE TABLE IF NOT EXISTS \\"public\\".\\"orders\\"');
    expect(sql).toBeDefined();
  });

  test('the table is created as the COPY user (`credentials`), who owns it and may load it: no grant to make, no warning', () => {
    const { stack, sink, template } = warehouseOf(() => ({}), { registered: true });
    const sql = template().toJSON().Resources[logicalId((sink.node.findChild('TableSql') as any).resource)].Properties;
    expect(sql.SecretArn).toBe(CREDENTIALS_ARN);
    expect(sql.DbUser).toBeUndefined();
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('copyUserNeedsInsert'));
    // A cluster needs no SQL credentials of its own either: `credentials` connects.
    const cluster = warehouseOf(() => ({ target: importedCluster() }), { registered: true });
    const clusterSql = cluster.template().toJSON().Resources[logicalId((cluster.sink.node.findChild('TableSql') as any).resource)].Properties;
    expect(clusterSql).toEqual(expect.objectContaining({ ClusterIdentifier: 'warehouse', SecretArn: CREDENTIALS_ARN }));
  });

  test('on a workgroup the table is created with `credentials`, never as IAMR:<handler role>: no dataApiUserPrivileges warning', () => {
    const { stack } = warehouseOf(() => ({}), { registered: true });
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('dataApiUserPrivileges'));
  });

  test('another `dataApiSecret`: the table is created as its user, and a warning says the COPY user needs INSERT', () => {
    const { stack, sink, template } = warehouseOf(s => ({ dataApiSecret: secretsmanager.Secret.fromSecretNameV2(s, 'Admin', 'admin') }), { registered: true });
    const sql = template().toJSON().Resources[logicalId((sink.node.findChild('TableSql') as any).resource)].Properties;
    expect(sql.SecretArn).toEqual(expect.objectContaining({ 'Fn::Join': expect.anything() }));
    Warnings.fromStack(stack).hasWarning(`/${SINK}`, `${SINK}: the table public.orders is created as the user of \`dataApiSecret\`, and `
      + 'Firehose\'s COPY runs as the user of `credentials`, which needs INSERT on it: run GRANT INSERT ON public.orders TO <that user> '
      + 'once the table exists (CloudFormation cannot know that user\'s name: it is in the secret), or every COPY fails with permission '
      + 'denied. Or leave `dataApiSecret` and `databaseUser` unset: the table is then created as the COPY user, who owns it. Then '
      + `acknowledge this warning. [ack: ${WARNING.copyUserNeedsInsert}]`);
  });

  test('`databaseUser` on a cluster: the table is created as that user, the same warning naming it', () => {
    const { stack, sink, template } = warehouseOf(() => ({ target: importedCluster(), databaseUser: 'admin' }), { registered: true });
    const sql = template().toJSON().Resources[logicalId((sink.node.findChild('TableSql') as any).resource)].Properties;
    expect(sql.DbUser).toBe('admin');
    expect(sql.SecretArn).toBeUndefined();
    Warnings.fromStack(stack).hasWarning(`/${SINK}`, Match.stringLikeRegexp("created as the database user 'admin'"));
    Annotations.of(sink).acknowledgeWarning(WARNING.copyUserNeedsInsert);
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('copyUserNeedsInsert'));
  });

  test('createTable false with a schema: columns listed, no table created', () => {
    const { template } = warehouseOf(() => ({ createTable: false }), { registered: true });
    expect(destination(template()).CopyCommand.DataTableColumns).toBe('"customerid","amount"');
    expect(JSON.stringify(template().toJSON())).not.toContain('CREATE TABLE');
  });
});

describe('DeliverToRedshift (FIREHOSE_COPY) settings', () => {
  test('buffering, retry, prefix, COPY options, schema name, all records backed up', () => {
    const { sink, template } = warehouseOf(() => ({
      bufferingInterval: Duration.seconds(60),
      bufferingSize: Size.mebibytes(128),
      retryDuration: Duration.hours(2),
      intermediatePrefix: 'loads/',
      copyOptions: "JSON 'auto' GZIP ACCEPTINVCHARS",
      schemaName: 'sales',
      backupMode: RedshiftBackupMode.ENABLED,
    }));
    const config = destination(template());
    expect(config.CopyCommand).toEqual({ DataTableName: '"sales"."orders"', CopyOptions: "JSON 'auto' GZIP ACCEPTINVCHARS" });
    expect(config.RetryOptions).toEqual({ DurationInSeconds: 7200 });
    expect(config.S3Configuration).toEqual(expect.objectContaining({ Prefix: 'loads/', BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 128 } }));
    expect(config.S3BackupMode).toBe('Enabled');
    expect(config.S3BackupConfiguration).toEqual(expect.objectContaining({
      BucketARN: getAtt(sink.backupBucket!, 'Arn'), Prefix: 'redshift-backup/', CompressionFormat: 'GZIP',
    }));
    expect(deliveryStatements(template())).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [getAtt(sink.backupBucket!, 'Arn'), '/redshift-backup/*']] },
      }),
    ]));
  });

  test('epochMillisecondTimestamps: the generated COPY options read timestamps as epoch milliseconds', () => {
    const { template } = warehouseOf(() => ({ epochMillisecondTimestamps: true }));
    expect(destination(template()).CopyCommand.CopyOptions).toBe("FORMAT AS JSON 'auto ignorecase' GZIP TIMEFORMAT 'epochmillisecs'");
    const iso = warehouseOf(() => ({ epochMillisecondTimestamps: false }));
    expect(destination(iso.template()).CopyCommand.CopyOptions).toBe(GENERATED_OPTIONS);
  });

  test('your buckets and a key: no bucket created, objects written with the key, which the role may use through S3 only', () => {
    const { template } = warehouseOf(stack => ({
      intermediateBucket: s3.Bucket.fromBucketName(stack, 'Loads', 'loads'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/1234'),
    }));
    template().resourceCountIs('AWS::S3::Bucket', 0);
    expect(destination(template()).S3Configuration.EncryptionConfiguration).toEqual({
      KMSEncryptionConfig: { AWSKMSKeyARN: 'arn:aws:kms:us-east-1:111111111111:key/1234' },
    });
    expect(deliveryStatements(template())).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: 'arn:aws:kms:us-east-1:111111111111:key/1234',
        Condition: expect.objectContaining({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
      }),
    ]));
  });

  test('a secret imported by name and encrypted with a key: GetSecretValue on its ARN with the six random characters, decrypt through Secrets Manager', () => {
    const { template } = warehouseOf(stack => ({
      credentials: secretsmanager.Secret.fromSecretAttributes(stack, 'ByName', {
        secretPartialArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:firehose',
        encryptionKey: kms.Key.fromKeyArn(stack, 'SecretKey', 'arn:aws:kms:us-east-1:111111111111:key/5678'),
      }),
    }));
    expect(deliveryStatements(template())).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:firehose-??????' },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: 'arn:aws:kms:us-east-1:111111111111:key/5678',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
    ]));
  });

  test('createAlarms false creates none', () => {
    const { template, sink } = warehouseOf(() => ({ createAlarms: false }));
    template().resourcePropertiesCountIs(ALARM, { Namespace: 'AWS/Firehose' }, 0);
    expect(sink.alarms).toEqual([]);
  });

  const registered = { registered: true };
  test.each<[string, PropsIn, string, { registered?: boolean }]>([
    ['bufferingInterval 901 s', () => ({ bufferingInterval: Duration.seconds(901) }), '`bufferingInterval` must be an integer between 0 and 900 seconds, got 901', {}],
    ['bufferingSize 129 MiB', () => ({ bufferingSize: Size.mebibytes(129) }), '`bufferingSize` must be an integer between 1 and 128 MiB, got 129', {}],
    ['bufferingSize 0.5 MiB', () => ({ bufferingSize: Size.kibibytes(512) }), '`bufferingSize` must be an integer between 1 and 128 MiB, got 0.5', {}],
    ['retryDuration 7201 s', () => ({ retryDuration: Duration.seconds(7201) }), '`retryDuration` must be an integer between 0 and 7200 seconds, got 7201', {}],
    ['freshnessThreshold at the interval', () => ({ freshnessThreshold: Duration.minutes(5) }),
      '`freshnessThreshold` must be longer than the 300-second `bufferingInterval`, got 300 seconds: records wait that long in the buffer on every delivery, so the alarm would always fire', {}],
    ['readLagThreshold beyond the retention', () => ({ readLagThreshold: Duration.hours(24) }),
      '`readLagThreshold` must be shorter than the source\'s 24-hour retention, got 86400 seconds: records expire from the stream before the alarm could fire', {}],
    ['no credentials', () => ({ credentials: undefined }),
      '`credentials` is required with RedshiftLoadMode.FIREHOSE_COPY: the Secrets Manager secret (username and password) Firehose connects to Redshift with', {}],
    ['copyOptions without GZIP', () => ({ copyOptions: "JSON 'auto'" }),
      '`copyOptions` must include GZIP: Firehose compresses the intermediate objects with GZIP, got \'JSON \'auto\'\'', {}],
    ['an intermediatePrefix with expressions', () => ({ intermediatePrefix: 'loads/!{timestamp:yyyy}/' }),
      'an error prefix is required when `intermediatePrefix` has expressions, got \'loads/!{timestamp:yyyy}/\': Firehose writes the records it cannot deliver under it', {}],
    ['database with a dash', () => ({ database: 'my-db' }), '`database` must be 1-64 letters, digits, _ or $, starting with a letter or _, got \'my-db\'', {}],
    ['tableName in upper case', () => ({ tableName: 'Orders' }),
      '`tableName` must be 1-127 lower-case letters, digits, _ or $, starting with a letter or _ (Redshift folds unquoted names to lower case), got \'Orders\'', {}],
    ['schemaName starting with a digit', () => ({ schemaName: '1sales' }),
      '`schemaName` must be 1-127 lower-case letters, digits, _ or $, starting with a letter or _ (Redshift folds unquoted names to lower case), got \'1sales\'', {}],
    ['createTable without a schema', () => ({ createTable: true }),
      '`createTable` needs a `schema` to create the table from, and the source has no registered one: give `schema`, or create the table yourself and leave `createTable` unset', {}],
    ['backupBucket with the backup disabled', s => ({ backupBucket: s3.Bucket.fromBucketName(s, 'B', 'backups') }),
      '`backupBucket` applies with `backupMode` RedshiftBackupMode.ENABLED, and the backup is disabled', {}],
    ['accessLogsBucket with no bucket created', s => ({ intermediateBucket: s3.Bucket.fromBucketName(s, 'I', 'loads'), accessLogsBucket: s3.Bucket.fromBucketName(s, 'L', 'access-logs') }),
      '`accessLogsBucket` applies to the buckets this construct creates, and it creates none: set up access logs on your `intermediateBucket` and `backupBucket`', {}],
    ['epochMillisecondTimestamps with copyOptions', () => ({ epochMillisecondTimestamps: true, copyOptions: "JSON 'auto' GZIP" }),
      '`epochMillisecondTimestamps` applies to the generated COPY options, and `copyOptions` replaces them: put TIMEFORMAT \'epochmillisecs\' '
      + 'in `copyOptions` instead, got `copyOptions` \'JSON \'auto\' GZIP\'', {}],
    ['redshiftRole', s => ({ redshiftRole: iam.Role.fromRoleArn(s, 'Given', 'arn:aws:iam::111111111111:role/redshift-kinesis') }),
      '`redshiftRole` applies to RedshiftLoadMode.STREAMING_INGESTION, and `mode` is RedshiftLoadMode.FIREHOSE_COPY', {}],
    ['databaseUser with no SQL to run', () => ({ databaseUser: 'loader' }),
      '`databaseUser` applies to the SQL run at deployment, and none runs: the table is not created (`createTable`)', {}],
    ['databaseUser on a workgroup', () => ({ databaseUser: 'loader' }),
      '`databaseUser` applies to a provisioned cluster: a Serverless workgroup maps the deployment role to its own database user (give `dataApiSecret` to connect as another)', registered],
    ['both SQL credentials', s => ({ target: importedCluster(), databaseUser: 'admin', dataApiSecret: secretsmanager.Secret.fromSecretNameV2(s, 'Admin', 'admin') }),
      'give one of `dataApiSecret` and `databaseUser`, not both: the SQL run at deployment connects with one', registered],
  ])('refuses %s', (_name, props, message, options) => {
    expectInputError(() => warehouseOf(props, options), `${SINK}: ${message}`);
  });
});

describe('DeliverToRedshift (FIREHOSE_COPY) targets', () => {
  test('an imported cluster: its JDBC URL and port, no network warning (its setup is not known)', () => {
    const { stack, template } = warehouseOf(() => ({ target: importedCluster() }));
    expect(destination(template()).ClusterJDBCURL).toBe(`jdbc:redshift://${CLUSTER_ENDPOINT}:5440/dev`);
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('notPubliclyAccessible'));
  });

  test('a cluster of the app: JDBC URL from its endpoint attributes; not publicly accessible, a warning naming RS8', () => {
    const { stack, template } = warehouseOf(s => ({ target: RedshiftTarget.fromCluster(appCluster(s)) }));
    const cluster = stack.node.findChild('Cluster');
    expect(destination(template()).ClusterJDBCURL).toEqual({
      'Fn::Join': ['', ['jdbc:redshift://', getAtt(cluster, 'Endpoint.Address'), ':', getAtt(cluster, 'Endpoint.Port'), '/dev']],
    });
    Warnings.fromStack(stack).hasWarning(`/${SINK}`, `${SINK}: Firehose runs COPY from the Region's Firehose CIDR block (it has no VPC `
      + 'delivery to Redshift), and the cluster TestStack/Cluster is not publicly accessible: every COPY would fail to connect. Set its '
      + '`publiclyAccessible` to true and allow `firehoseAddresses` on its port in its security group (cdk-nag AwsSolutions-RS8 then '
      + 'reports the cluster: acknowledge it with that reason), or use RedshiftLoadMode.STREAMING_INGESTION, which stays private; then '
      + `acknowledge this warning. [ack: ${WARNING.notPubliclyAccessible}]`);
  });

  test('a publicly accessible cluster or workgroup of the app: no warning', () => {
    const cluster = warehouseOf(s => ({ target: RedshiftTarget.fromCluster(appCluster(s, true)) }));
    Warnings.fromStack(cluster.stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('notPubliclyAccessible'));
    const workgroup = warehouseOf(s => {
      const { workgroup: wg, namespace } = appWorkgroup(s, true);
      return { target: RedshiftTarget.fromWorkgroup(wg, namespace) };
    });
    Warnings.fromStack(workgroup.stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('notPubliclyAccessible'));
  });

  test('a private workgroup of the app: JDBC URL from its attributes, a warning without RS8 (cdk-nag has no workgroup rule)', () => {
    const { stack, template } = warehouseOf(s => ({ target: RedshiftTarget.fromWorkgroup(appWorkgroup(s).workgroup) }));
    const workgroup = stack.node.findChild('Workgroup');
    expect(stack.resolve(destination(template()).ClusterJDBCURL)).toEqual({
      'Fn::Join': ['', ['jdbc:redshift://', getAtt(workgroup, 'Workgroup.Endpoint.Address'), ':', getAtt(workgroup, 'Workgroup.Endpoint.Port'), '/dev']],
    });
    Warnings.fromStack(stack).hasWarning(`/${SINK}`, Match.stringLikeRegexp('the workgroup TestStack/Workgroup is not publicly accessible'));
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('RS8'));
  });

  test('a Kafka topic source: MSK as source, no read-lag alarms or metric', () => {
    const { sink, template, stack } = warehouseOf(() => ({}), { source: s => kafkaTopic(s).topic });
    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'MSKAsSource',
      MSKSourceConfiguration: Match.objectLike({ TopicName: 'orders' }),
    });
    expect(sink.metricReadLag()).toBeUndefined();
    expect(sink.alarms).toHaveLength(3);
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('readLagNotMeasured'));
  });
});
