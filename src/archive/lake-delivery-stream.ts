import { Duration, Size } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ArchiveFormat } from './archive-format';
import { LakeLayout } from './lake-layout';
import { DeliveryRole } from '../firehose/delivery-role';
import { grantS3Delivery, readFromSource } from '../firehose/delivery-source';
import { IReaderBinding } from '../source/reader-binding';

/** What the lake's delivery stream is made from. */
export interface LakeDeliveryOptions {
  /** Firehose's binding to the source it reads; none for direct PUT. */
  readonly source?: IReaderBinding;
  readonly bucket: s3.IBucket;
  /** The key Firehose writes objects with; none to leave it to the bucket's default encryption. */
  readonly encryptionKey?: kms.IKey;
  readonly layout: LakeLayout;
  readonly format: ArchiveFormat;
  /** The Glue table of a Parquet lake. */
  readonly table?: glue.CfnTable;
  readonly bufferingInterval: Duration;
  readonly bufferingSize: Size;
}

/** The delivery stream of a lake and the role it delivers with. */
export interface LakeDelivery {
  readonly deliveryStream: firehose.DeliveryStream;
  readonly role: DeliveryRole;
  /**
   * The Firehose metric of how far behind the source it reads (`KinesisMillisBehindLatest`).
   * @default - none published for this source, or no source
   */
  readonly readLagMetricName?: string;
}

/**
 * The lake's Firehose delivery stream, with a role of its own that may do exactly what
 * the delivery does: write under the data and error folders, encrypt with the lake's
 * key, read the source stream and the conversion table, and log delivery errors.
 */
export function createLakeDeliveryStream(scope: Construct, options: LakeDeliveryOptions): LakeDelivery {
  const { bucket, layout, format, table, source } = options;
  const partitioned = layout.partitionFields.length > 0;
  const role = new DeliveryRole(scope, 'DeliveryRole');
  const deliveryStream = new firehose.DeliveryStream(scope, 'Resource', {
    role: role.immutableRole,
    // Firehose cannot encrypt records it reads from a source itself: the source's own encryption covers them.
    encryption: source ? undefined : firehose.StreamEncryption.awsOwnedKey(),
    destination: new firehose.S3Bucket(bucket, {
      role: role.immutableRole,
      dataOutputPrefix: layout.prefix,
      errorOutputPrefix: layout.errorPrefix,
      bufferingInterval: options.bufferingInterval,
      bufferingSize: options.bufferingSize,
      // Conversion compresses inside the Parquet files (Snappy); Firehose must not compress them again.
      compression: format._converts ? undefined : firehose.Compression.GZIP,
      dataFormatConversion: table ? {
        schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(table),
        inputFormat: firehose.InputFormat.OPENX_JSON,
        outputFormat: new firehose.ParquetOutputFormat({ compression: firehose.ParquetCompression.SNAPPY }),
      } : undefined,
      dynamicPartitioning: partitioned ? { enabled: true } : undefined,
      processors: lakeProcessors(layout, format),
      // With a bucket of the user's encrypted by their key, Firehose writes with it.
      encryptionKey: options.encryptionKey,
    }),
  });

  grantS3Delivery(role, bucket, [layout.prefix, layout.errorPrefix], options.encryptionKey);
  const cfn = deliveryStream.node.defaultChild as firehose.CfnDeliveryStream;
  const readLagMetricName = source ? readFromSource(cfn, deliveryStream, role, source, 'S3 encrypts the objects') : undefined;
  if (table) {
    role.grantConversionTable(table);
  }
  const logging = errorLogging(cfn);
  role.grantLogStream(logging.logGroupName, logging.logStreamName);
  role.requiredBy(cfn);
  return { deliveryStream, role, readLagMetricName };
}

/**
 * Where the delivery stream logs delivery errors, as aws-cdk-lib configured it (a log
 * group of its own, one stream per destination), so that the role may write exactly there.
 */
function errorLogging(cfn: firehose.CfnDeliveryStream): { logGroupName: string; logStreamName: string } {
  const destination = cfn.extendedS3DestinationConfiguration as firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty | undefined;
  const logging = destination?.cloudWatchLoggingOptions as firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty | undefined;
  if (!logging?.logGroupName || !logging.logStreamName) {
    throw new Error(`${cfn.node.path}: aws-cdk-lib set up no error logging for the S3 destination; the delivery role cannot be granted it`);
  }
  return { logGroupName: logging.logGroupName, logStreamName: logging.logStreamName };
}

/**
 * JSON records are newline-delimited, so that each object is JSON lines (Athena's JSON
 * SerDes read one record per line); with `partitionBy`, JQ extracts the partition values.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_Processor.html
 */
function lakeProcessors(layout: LakeLayout, format: ArchiveFormat): firehose.IDataProcessor[] | undefined {
  const processors: firehose.IDataProcessor[] = [];
  if (layout.partitionFields.length > 0) {
    processors.push(firehose.MetadataExtractionProcessor.jq16(layout.jqQuery));
  }
  if (!format._converts) {
    processors.push(new firehose.AppendDelimiterToRecordProcessor());
  }
  return processors.length > 0 ? processors : undefined;
}
