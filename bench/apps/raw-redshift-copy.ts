/**
 * The raw sinks pair's Redshift load: what the library's `DeliverToRedshift` ('Load', in
 * FIREHOSE_COPY mode into a provisioned cluster, connecting with a secret, with a
 * `StreamSchema`) creates, written by hand with aws-cdk-lib only:
 *
 * - the intermediate bucket Firehose stages GZIP objects in (raw-failure-bucket.ts), and the
 *   delivery stream's error log group with one stream for the bucket and one for `COPY`
 *   (raw-firehose.ts);
 * - the delivery stream (aws-cdk-lib's Firehose L2 has no Redshift destination, so the L1):
 *   from the stream, 5 minutes or 5 MiB buffers, `COPY` into `"public"."orders"` as JSON
 *   with an hour of retries, connecting with the secret, created after the table;
 * - a delivery role with one policy (`FirehoseDelivery`): its two log streams, the
 *   intermediate, manifest and error folders, the secret, reading the stream through its key;
 * - the table, created by a `Custom::RedshiftSql` (raw-warehouse.ts) as the secret's user,
 *   the columns written out as the library derives them from the schema;
 * - the alarms (freshness, intermediate writes, `COPY` success, read latency and the
 *   read-lag backstop) and the validation acknowledgements the library adds.
 *
 * Construct ids and nesting follow the library's. Nothing is imported from src/ or examples/.
 */
import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { addFailureBucket } from './raw-failure-bucket';
import { addDeliveryLogs, addReadLagAlarms, deliveryAlarms, FIFTEEN_MINUTES, readStreamStatements } from './raw-firehose';
import { addRedshiftSql } from './raw-warehouse';

const DATABASE = 'analytics';
const TABLE = '"public"."orders"';
const INTERMEDIATE = 'redshift-intermediate/';
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;

/** What the load reads, where it loads, as whom, and whom its alarms page. */
export interface RedshiftCopyOptions {
  readonly stream: kinesis.IStream;
  readonly streamKey: kms.IKey;
  readonly cluster: redshift.CfnCluster;
  readonly credentials: secretsmanager.ISecret;
  readonly action: cloudwatch.IAlarmAction;
}

/** Adds the orders' load into the cluster as construct `id` under `scope`. */
export function addRedshiftCopy(scope: Construct, id: string, o: RedshiftCopyOptions): void {
  const load = new Construct(scope, id);
  const deliveryRole = new iam.Role(load, 'DeliveryRole', {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
    description: `Firehose delivery of ${load.node.path}`,
  });
  const bucket = addFailureBucket(load, 'IntermediateBucket', 'Firehose (the objects COPY loads, and the manifests of skipped ones)');
  const deliveryLogs = addDeliveryLogs(load, ['DestinationDelivery', 'IntermediateDelivery']);

  const deliveryStream = new firehose.CfnDeliveryStream(load, 'Resource', {
    deliveryStreamType: 'KinesisStreamAsSource',
    kinesisStreamSourceConfiguration: { kinesisStreamArn: o.stream.streamArn, roleArn: deliveryRole.roleArn },
    redshiftDestinationConfiguration: {
      clusterJdbcurl: `jdbc:redshift://${o.cluster.attrEndpointAddress}:${o.cluster.attrEndpointPort}/${DATABASE}`,
      copyCommand: {
        dataTableName: TABLE,
        dataTableColumns: ['order_id', 'customer_id', 'amount', 'currency', 'placed_at'].map(c => `"${c}"`).join(','),
        copyOptions: 'FORMAT AS JSON \'auto ignorecase\' GZIP TIMEFORMAT \'auto\'',
      },
      secretsManagerConfiguration: { enabled: true, secretArn: o.credentials.secretArn, roleArn: deliveryRole.roleArn },
      roleArn: deliveryRole.roleArn,
      retryOptions: { durationInSeconds: 3600 },
      s3BackupMode: 'Disabled',
      s3Configuration: {
        bucketArn: bucket.bucketArn,
        roleArn: deliveryRole.roleArn,
        prefix: INTERMEDIATE,
        compressionFormat: 'GZIP',
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 5 },
        cloudWatchLoggingOptions: deliveryLogs.logging('IntermediateDelivery'),
      },
      cloudWatchLoggingOptions: deliveryLogs.logging('DestinationDelivery'),
    },
  });

  const folders = [INTERMEDIATE, 'manifests/', 'errors/'];
  const policy = new iam.Policy(load, 'DeliveryRolePolicy', {
    policyName: 'FirehoseDelivery',
    roles: [deliveryRole],
    statements: [
      ...deliveryLogs.statements(),
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resources: folders.map(f => bucket.arnForObjects(`${f}*`)),
      }),
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [o.credentials.secretArn] }),
      ...readStreamStatements(o.stream, o.streamKey),
    ],
  });

  // The table, as the user COPY runs as (who then owns it); kept when the stack goes.
  const tableSql = addRedshiftSql(load, 'TableSql', {
    cluster: o.cluster,
    database: DATABASE,
    secret: o.credentials,
    createStatements: [
      `CREATE TABLE IF NOT EXISTS ${TABLE} ("order_id" VARCHAR(65535) NOT NULL, "customer_id" VARCHAR(65535) NOT NULL, `
        + '"amount" DECIMAL(12,2) NOT NULL, "currency" VARCHAR(65535) NOT NULL, "placed_at" TIMESTAMP NOT NULL)',
    ],
    deleteStatements: [],
  });
  tableSql.resource.node.addDependency(o.cluster);
  // Firehose checks its permissions when the delivery stream is created, and COPY needs the table.
  deliveryStream.node.addDependency(policy, tableSql.resource);

  const arnOf = (c: Construct) => `<${Stack.of(load).getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
  for (const folder of folders) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnOf(bucket)}/${folder}*]`,
      reason: 'Firehose names its objects by time and partition values under this folder, so the object ARN ends in *; '
        + 'the actions on it are only PutObject, GetObject and AbortMultipartUpload (no delete).',
    });
  }
  Validations.of(deliveryStream).acknowledge({
    id: 'AwsSolutions-KDF1',
    reason: 'Firehose cannot encrypt records it reads from a source (a Kinesis stream, an MSK topic); the source encrypts them at '
      + 'rest and the intermediate bucket encrypts its objects at rest, and Redshift the rows when the cluster is encrypted.',
  });

  addCopyAlarms(load, deliveryStream, o.action);
}

/** Freshness, intermediate writes, `COPY` success, and the read-lag alarms (a quarter of the stream's 24 hours). */
function addCopyAlarms(load: Construct, deliveryStream: firehose.CfnDeliveryStream, action: cloudwatch.IAlarmAction): void {
  const label = `Redshift table ${load.node.path}`;
  const a = deliveryAlarms(load, deliveryStream, action);
  a.alarm('DataFreshnessAlarm', {
    metric: a.metric('DeliveryToRedshift.DataFreshness', 'Maximum'),
    // Twice the buffering interval, plus 5 minutes.
    threshold: Duration.minutes(15).toSeconds(),
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the oldest record not yet in Redshift stayed older than 15 minutes for 15 minutes `
      + '(DeliveryToRedshift.DataFreshness). Deliveries are failing or throttled: check the delivery stream\'s log group '
      + '(IntermediateDelivery for the intermediate bucket, DestinationDelivery for COPY), STL_LOAD_ERRORS, the intermediate '
      + 'bucket\'s policy and key, and read throttling on the source.',
  });
  a.alarm('IntermediateDeliverySuccessAlarm', {
    metric: a.metric('DeliveryToS3.Success', 'Minimum'),
    threshold: 1,
    comparisonOperator: LT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: writes to the intermediate bucket failed in 15 minutes in a row (DeliveryToS3.Success below 1). `
      + 'Nothing reaches Redshift until they succeed, and Firehose keeps the records for 24 hours at most: fix the bucket\'s '
      + 'policy or key now.',
  });
  a.alarm('DeliverySuccessAlarm', {
    metric: a.metric('DeliveryToRedshift.Success', 'Minimum'),
    threshold: 1,
    comparisonOperator: LT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: COPY commands failed in 15 minutes in a row (DeliveryToRedshift.Success below 1). Firehose `
      + 'retries each COPY for 1 hour, then skips its objects and lists them in a manifest under errors/ in the intermediate '
      + 'bucket: check the delivery stream\'s log group (DestinationDelivery) and STL_LOAD_ERRORS, fix the cause (network '
      + 'access from Firehose\'s CIDR block, the secret, the table\'s columns and privileges), then load the skipped objects '
      + 'with COPY … MANIFEST.',
  });
  addReadLagAlarms(a, label, 6, 'Redshift');
}
