/**
 * The raw variants' lake delivery: a Firehose delivery stream from a Kinesis stream (or,
 * for the Kafka pair, a Kafka topic through the cluster's multi-VPC connectivity) into the
 * lake bucket, as GZIP JSON lines or converted to Parquet against a Glue table, with a
 * least-privilege role written by hand.
 *
 * aws-cdk-lib's Firehose L2 would create two roles and grant them read/write on the whole
 * bucket (deletes included) and `glue:GetSchemaVersion` on `*`. Here it gets one role of
 * ours without policy updates, so its grants go nowhere, and one policy (`FirehoseDelivery`)
 * allows what Firehose documents for the delivery: list the bucket, put, get and abort
 * uploads under the data and error folders, read the stream (and decrypt it with its key,
 * through Kinesis only) or the topic (as any consumer group), read the conversion table, and log delivery errors to its one
 * log stream. Nothing is imported from src/.
 */
import { ArnFormat, Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';

const DATE_FOLDERS = 'year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/';
/** Firehose's data and error folders in the lake: the role may write under these only. */
const EVENTS = 'events/';
const ERRORS = 'errors/';

/** A Kafka topic Firehose reads through the cluster's multi-VPC private connectivity (IAM). */
export interface MskLakeSource {
  readonly clusterArn: string;
  readonly topicName: string;
  readonly topicArn: string;
  /** Any consumer group of the cluster: Firehose names its own. */
  readonly anyGroupArn: string;
  /** What must exist before Firehose connects: the connectivity and the cluster policy. */
  readonly prerequisites: IDependable[];
}

/** What the delivery reads (a Kinesis stream or a Kafka topic), and where it writes. */
export interface LakeDeliveryOptions {
  readonly stream?: kinesis.IStream;
  readonly msk?: MskLakeSource;
  readonly bucket: s3.Bucket;
  /** Convert to Parquet against this table; GZIP JSON without. */
  readonly table?: glue.CfnTable;
  /** The data folder. Default `events/`. */
  readonly dataFolder?: string;
}

/** Adds the delivery stream (`Resource`) and its role (`DeliveryRole`) under `lake`. */
export function addLakeDelivery(lake: Construct, o: LakeDeliveryOptions): firehose.DeliveryStream {
  const { stream, msk, bucket, table } = o;
  const data = o.dataFolder ?? EVENTS;
  const role = new iam.Role(lake, 'DeliveryRole', {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
    description: `Firehose delivery of ${lake.node.path}`,
  });
  const fixedRole = role.withoutPolicyUpdates();

  const deliveryStream = new firehose.DeliveryStream(lake, 'Resource', {
    role: fixedRole,
    // No encryption setting: Firehose cannot encrypt what it reads from a stream; the stream does.
    source: stream && new firehose.KinesisStreamSource(stream),
    destination: new firehose.S3Bucket(bucket, {
      role: fixedRole,
      dataOutputPrefix: `${data}${DATE_FOLDERS}`,
      errorOutputPrefix: `${ERRORS}!{firehose:error-output-type}/${DATE_FOLDERS}`,
      bufferingInterval: Duration.minutes(5),
      // Parquet conversion needs 64 MiB at least.
      bufferingSize: Size.mebibytes(64),
      // Parquet compresses inside its files (Snappy).
      compression: table ? undefined : firehose.Compression.GZIP,
      dataFormatConversion: table ? {
        schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(table),
        inputFormat: firehose.InputFormat.OPENX_JSON,
        outputFormat: new firehose.ParquetOutputFormat({ compression: firehose.ParquetCompression.SNAPPY }),
      } : undefined,
      // JSON lines, one record per line, as Athena's JSON SerDes read them.
      processors: table ? undefined : [new firehose.AppendDelimiterToRecordProcessor()],
    }),
  });

  const stack = Stack.of(lake);
  const cfn = deliveryStream.node.defaultChild as firehose.CfnDeliveryStream;
  const folders = [bucket.arnForObjects(`${data}*`), bucket.arnForObjects(`${ERRORS}*`)];
  const statements = [
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [bucket.bucketArn],
    }),
    new iam.PolicyStatement({ actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], resources: folders }),
  ];
  if (stream) {
    statements.push(new iam.PolicyStatement({
      actions: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
      resources: [stream.streamArn],
    }));
  }
  if (msk) {
    // The L2 knows Kinesis sources only: the MSK source goes on the L1.
    cfn.deliveryStreamType = 'MSKAsSource';
    cfn.mskSourceConfiguration = {
      mskClusterArn: msk.clusterArn,
      topicName: msk.topicName,
      authenticationConfiguration: { connectivity: 'PRIVATE', roleArn: role.roleArn },
      readFromTimestamp: '1970-01-01T00:00:00Z',
    };
    statements.push(
      new iam.PolicyStatement({
        actions: ['kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka-cluster:Connect'],
        resources: [msk.clusterArn],
      }),
      new iam.PolicyStatement({
        actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:ReadData'],
        resources: [msk.topicArn],
      }),
      new iam.PolicyStatement({ actions: ['kafka-cluster:DescribeGroup'], resources: [msk.anyGroupArn] }),
    );
    for (const prerequisite of msk.prerequisites) {
      cfn.node.addDependency(prerequisite);
    }
  }
  if (stream?.encryptionKey) {
    statements.push(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [stream.encryptionKey.keyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': `kinesis.${stack.region}.amazonaws.com`,
          'kms:EncryptionContext:aws:kinesis:arn': stream!.streamArn,
        },
      },
    }));
  }
  if (table) {
    const account = table.catalogId;
    statements.push(new iam.PolicyStatement({
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resources: [
        stack.formatArn({ service: 'glue', resource: 'catalog', account }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: table.databaseName, account }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${table.databaseName}/${table.ref}`, account }),
      ],
    }));
  }
  // The L2 logs delivery errors to a log group and stream of its own: read their names from the L1.
  const destination = cfn.extendedS3DestinationConfiguration as firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty;
  const logging = destination.cloudWatchLoggingOptions as firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
  statements.push(new iam.PolicyStatement({
    actions: ['logs:PutLogEvents'],
    resources: [stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logging.logGroupName}:log-stream:${logging.logStreamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
  }));
  const policy = new iam.Policy(lake, 'DeliveryRolePolicy', { policyName: 'FirehoseDelivery', roles: [role], statements });
  // Firehose checks its permissions when the delivery stream is created.
  cfn.node.addDependency(policy);

  acknowledgeFindings(policy, deliveryStream, bucket, data);
  if (msk) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<any consumer group of the cluster>/*]',
      reason: 'Firehose reads the topic as a consumer group it names itself, so the group ARN ends in *; '
        + 'the only action on it is kafka-cluster:DescribeGroup, on this cluster\'s groups.',
    });
  }
  return deliveryStream;
}

/**
 * cdk-nag findings acknowledged one by one: the object ARNs under the two folders (Firehose
 * names its objects by time) and the unencrypted delivery stream (the source stream encrypts).
 */
function acknowledgeFindings(policy: iam.Policy, deliveryStream: firehose.DeliveryStream, bucket: s3.Bucket, data: string): void {
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  const bucketArn = `<${Stack.of(cfnBucket).getLogicalId(cfnBucket)}.Arn>`;
  for (const folder of [data, ERRORS]) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${folder}*]`,
      reason: 'Firehose names its objects by time and partition values under this folder, so the object ARN ends in *; '
        + 'the actions on it are only PutObject, GetObject and AbortMultipartUpload (no delete).',
    });
  }
  Validations.of(deliveryStream).acknowledge({
    id: 'AwsSolutions-KDF1',
    reason: 'Firehose cannot encrypt records read from a source; the source encrypts them at rest and S3 encrypts the objects.',
  });
}
