import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IndexRotation } from './index-options';
import { IndexSettings } from './index-settings';
import { createDeliveryLogging } from '../../firehose/delivery-logging';
import { DeliveryRole } from '../../firehose/delivery-role';
import { grantS3Delivery, readFromSource } from '../../firehose/delivery-source';
import { vpcDelivery, VpcDeliveryOptions } from '../../firehose/vpc-delivery';
import { IReaderBinding } from '../../source/reader-binding';

/** What an index's delivery stream is made from. */
export interface IndexDeliveryOptions {
  readonly source: IReaderBinding;
  readonly role: DeliveryRole;
  readonly domainArn: string;
  readonly settings: IndexSettings;
  readonly backupBucket: s3.IBucket;
  /** The key Firehose writes backup objects with; none to leave it to the bucket's default encryption. */
  readonly encryptionKey?: kms.IKey;
  /** Where to deliver from in the domain's VPC; none for a public endpoint. */
  readonly network?: VpcDeliveryOptions;
}

/** The delivery stream of an index, and its side of the network in a VPC. */
export interface IndexDelivery {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The Firehose metric of how far behind the source it reads, when it publishes one. */
  readonly readLagMetricName?: string;
  readonly connections?: ec2.Connections;
}

/**
 * The index's L1 delivery stream (aws-cdk-lib has no OpenSearch destination): reading the
 * source through its binding, indexing into the domain with the settings, backing up to
 * the bucket, logging errors, and in a VPC, delivering through network interfaces there.
 * The role is granted exactly that.
 */
export function createIndexDeliveryStream(scope: Construct, options: IndexDeliveryOptions): IndexDelivery {
  const { role, settings, backupBucket } = options;
  const logging = createDeliveryLogging(scope, 'DeliveryLogs', role, ['DestinationDelivery', 'BackupDelivery']);
  const prefixes = [settings.backupPrefix, ...(settings.backupErrorPrefix === undefined ? [] : [settings.backupErrorPrefix])];
  grantS3Delivery(role, backupBucket, prefixes, options.encryptionKey);
  role.grantOpenSearchDomain(options.domainArn, settings.indexName, settings.rotation !== IndexRotation.NO_ROTATION);
  const network = options.network ? vpcDelivery(scope, 'DeliverySecurityGroup', role, options.network) : undefined;

  const deliveryStream = new firehose.CfnDeliveryStream(scope, 'Resource', {
    amazonopensearchserviceDestinationConfiguration: {
      domainArn: options.domainArn,
      indexName: settings.indexName,
      indexRotationPeriod: settings.rotation,
      documentIdOptions: { defaultDocumentIdFormat: settings.documentIdFormat },
      bufferingHints: {
        intervalInSeconds: settings.bufferingInterval.toSeconds(),
        sizeInMBs: settings.bufferingSize.toMebibytes(),
      },
      retryOptions: { durationInSeconds: settings.retryDuration.toSeconds() },
      roleArn: role.role.roleArn,
      s3BackupMode: settings.backupMode,
      s3Configuration: {
        bucketArn: backupBucket.bucketArn,
        roleArn: role.role.roleArn,
        prefix: settings.backupPrefix,
        errorOutputPrefix: settings.backupErrorPrefix,
        compressionFormat: 'GZIP',
        encryptionConfiguration: options.encryptionKey ? { kmsEncryptionConfig: { awskmsKeyArn: options.encryptionKey.keyArn } } : undefined,
        cloudWatchLoggingOptions: logging.options('BackupDelivery'),
      },
      cloudWatchLoggingOptions: logging.options('DestinationDelivery'),
      vpcConfiguration: network?.configuration,
    },
  });
  const readLagMetricName = readFromSource(deliveryStream, deliveryStream, role, options.source,
    'the domain encrypts the documents at rest (and the backup bucket its objects)');
  role.requiredBy(deliveryStream);
  return { deliveryStream, readLagMetricName, connections: network?.connections };
}
