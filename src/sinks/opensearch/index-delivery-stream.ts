import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { grantCollectionIndexWrite } from './collection-access';
import { IndexRotation } from './index-options';
import { IndexSettings } from './index-settings';
import { IServerlessCollection } from './serverless-collection';
import { createDeliveryLogging } from '../../firehose/delivery-logging';
import { DeliveryRole } from '../../firehose/delivery-role';
import { grantS3Delivery, readFromSource } from '../../firehose/delivery-source';
import { vpcDelivery, VpcDeliveryOptions } from '../../firehose/vpc-delivery';
import { IReaderBinding } from '../../source/reader-binding';

/** Where an index lives: a domain (by ARN) or a Serverless collection, exactly one. */
export interface IndexDestination {
  readonly domainArn?: string;
  readonly collection?: IServerlessCollection;
}

/** What an index's delivery stream is made from. */
export interface IndexDeliveryOptions {
  /** Firehose's binding to the source it reads; none for direct PUT. */
  readonly source?: IReaderBinding;
  readonly role: DeliveryRole;
  readonly destination: IndexDestination;
  readonly settings: IndexSettings;
  readonly backupBucket: s3.IBucket;
  /** The key Firehose writes backup objects with; none to leave it to the bucket's default encryption. */
  readonly encryptionKey?: kms.IKey;
  /** Direct PUT: the key Firehose encrypts buffered records with; none for an AWS-owned key. */
  readonly streamEncryptionKey?: kms.IKey;
  /** Where to deliver from in the destination's VPC; none for a public endpoint. */
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
 * source through its binding, or taking direct PUTs encrypted by Firehose; indexing into
 * the domain or the collection with the settings; backing up to the bucket; logging
 * errors; and in a VPC, delivering through network interfaces there. The role is
 * granted exactly that (for a collection, also by a data-access policy).
 */
export function createIndexDeliveryStream(scope: Construct, options: IndexDeliveryOptions): IndexDelivery {
  const { role, settings, backupBucket, destination } = options;
  const logging = createDeliveryLogging(scope, 'DeliveryLogs', role, ['DestinationDelivery', 'BackupDelivery']);
  const prefixes = [settings.backupPrefix, ...(settings.backupErrorPrefix === undefined ? [] : [settings.backupErrorPrefix])];
  grantS3Delivery(role, backupBucket, prefixes, options.encryptionKey);
  const network = options.network ? vpcDelivery(scope, 'DeliverySecurityGroup', role, options.network) : undefined;

  const common = {
    indexName: settings.indexName,
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
  };

  const deliveryStream = new firehose.CfnDeliveryStream(scope, 'Resource', {});
  if (destination.collection) {
    // No rotation and no document-id options for a collection: the index name is exact.
    const access = grantCollectionIndexWrite(scope, 'DataAccessPolicy', destination.collection, settings.indexName, role);
    deliveryStream.amazonOpenSearchServerlessDestinationConfiguration = {
      collectionEndpoint: destination.collection.collectionEndpoint,
      ...common,
    };
    deliveryStream.node.addDependency(access);
  } else {
    role.grantOpenSearchDomain(destination.domainArn!, settings.indexName, settings.rotation !== IndexRotation.NO_ROTATION);
    deliveryStream.amazonopensearchserviceDestinationConfiguration = {
      domainArn: destination.domainArn,
      indexRotationPeriod: settings.rotation,
      documentIdOptions: { defaultDocumentIdFormat: settings.documentIdFormat },
      ...common,
    };
  }

  const atDestination = destination.collection
    ? 'the collection encrypts the documents at rest (and the backup bucket its objects)'
    : 'the domain encrypts the documents at rest (and the backup bucket its objects)';
  const readLagMetricName = options.source
    ? readFromSource(deliveryStream, deliveryStream, role, options.source, atDestination)
    : takeDirectPut(deliveryStream, options.streamEncryptionKey);
  role.requiredBy(deliveryStream);
  return { deliveryStream, readLagMetricName, connections: network?.connections };
}

/**
 * Direct PUT: producers call `PutRecord(Batch)`, and Firehose encrypts what it buffers
 * with an AWS-owned key or `key` (it creates its own grant on the key with the
 * deployer's credentials, so the role needs none). No read lag to measure.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/encryption.html
 */
function takeDirectPut(cfn: firehose.CfnDeliveryStream, key?: kms.IKey): undefined {
  cfn.deliveryStreamType = 'DirectPut';
  cfn.deliveryStreamEncryptionConfigurationInput = key
    ? { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.keyArn }
    : { keyType: 'AWS_OWNED_CMK' };
  return undefined;
}
