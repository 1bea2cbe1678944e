import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RedshiftBackupMode } from './redshift-load-mode';
import { CopySettings } from './redshift-settings';
import { createDeliveryLogging } from '../../firehose/delivery-logging';
import { DeliveryRole } from '../../firehose/delivery-role';
import { grantS3Delivery, readFromSource } from '../../firehose/delivery-source';
import { IReaderBinding } from '../../source/reader-binding';

/**
 * Where Firehose writes in the intermediate bucket besides the records: the `COPY`
 * manifests and, after the retry duration, the manifests of skipped objects (`errors/`).
 * Its guide does not say whether they sit under the prefix or at the bucket's root, so
 * the role may write both (the least favourable reading).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/retry.html
 */
const FIREHOSE_FOLDERS = ['manifests/', 'errors/'];

/** The `COPY` Firehose runs. */
export interface CopyCommand {
  /** `<schema>.<table>`. */
  readonly tableName: string;
  /** The table's columns in the records' order, comma-separated; none to load every column by name. */
  readonly columns?: string;
  /** The `COPY` options. */
  readonly options: string;
}

/** What the `COPY` delivery stream is made from. */
export interface RedshiftDeliveryOptions {
  readonly source: IReaderBinding;
  readonly role: DeliveryRole;
  /** The JDBC URL of the database. */
  readonly jdbcUrl: string;
  readonly copy: CopyCommand;
  readonly settings: CopySettings;
  readonly credentials: secretsmanager.ISecret;
  readonly intermediateBucket: s3.IBucket;
  /** With `RedshiftBackupMode.ENABLED`. */
  readonly backupBucket?: s3.IBucket;
  /** The key Firehose writes objects with; none to leave it to the buckets' default encryption. */
  readonly encryptionKey?: kms.IKey;
}

/** The delivery stream and the Firehose metric of how far behind the source it reads. */
export interface RedshiftDelivery {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly readLagMetricName?: string;
}

/**
 * The L1 delivery stream of `FIREHOSE_COPY` (aws-cdk-lib has no Redshift destination):
 * reading the source through its binding, writing GZIP objects to the intermediate bucket,
 * running `COPY` with the secret's credentials, optionally backing up every record, and
 * logging errors of each stage. The role is granted exactly that.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-redshiftdestinationconfiguration.html
 */
export function createRedshiftDeliveryStream(scope: Construct, options: RedshiftDeliveryOptions): RedshiftDelivery {
  const { role, settings, intermediateBucket, backupBucket, encryptionKey } = options;
  const backup = settings.backupMode === RedshiftBackupMode.ENABLED;
  const logging = createDeliveryLogging(scope, 'DeliveryLogs', role,
    ['DestinationDelivery', 'IntermediateDelivery', ...(backup ? ['BackupDelivery'] : [])]);
  grantS3Delivery(role, intermediateBucket, [settings.intermediatePrefix, ...FIREHOSE_FOLDERS], encryptionKey);
  if (backup && backupBucket) {
    grantS3Delivery(role, backupBucket, [settings.backupPrefix], encryptionKey);
  }
  role.grantSecretRead(options.credentials);
  const roleArn = role.role.roleArn;
  const bufferingHints = {
    intervalInSeconds: settings.bufferingInterval.toSeconds(),
    sizeInMBs: settings.bufferingSize.toMebibytes(),
  };
  const encryptionConfiguration = encryptionKey ? { kmsEncryptionConfig: { awskmsKeyArn: encryptionKey.keyArn } } : undefined;

  const deliveryStream = new firehose.CfnDeliveryStream(scope, 'Resource', {
    redshiftDestinationConfiguration: {
      clusterJdbcurl: options.jdbcUrl,
      copyCommand: {
        dataTableName: options.copy.tableName,
        dataTableColumns: options.copy.columns,
        copyOptions: options.copy.options,
      },
      roleArn,
      secretsManagerConfiguration: { enabled: true, secretArn: options.credentials.secretArn, roleArn },
      retryOptions: { durationInSeconds: settings.retryDuration.toSeconds() },
      s3Configuration: {
        bucketArn: intermediateBucket.bucketArn,
        roleArn,
        prefix: settings.intermediatePrefix,
        compressionFormat: 'GZIP',
        bufferingHints,
        encryptionConfiguration,
        cloudWatchLoggingOptions: logging.options('IntermediateDelivery'),
      },
      s3BackupMode: settings.backupMode,
      s3BackupConfiguration: backup && backupBucket ? {
        bucketArn: backupBucket.bucketArn,
        roleArn,
        prefix: settings.backupPrefix,
        compressionFormat: 'GZIP',
        bufferingHints,
        encryptionConfiguration,
        cloudWatchLoggingOptions: logging.options('BackupDelivery'),
      } : undefined,
      cloudWatchLoggingOptions: logging.options('DestinationDelivery'),
    },
  });
  const readLagMetricName = readFromSource(deliveryStream, deliveryStream, role, options.source,
    'the intermediate bucket encrypts its objects at rest, and Redshift the rows when the cluster or namespace is encrypted');
  role.requiredBy(deliveryStream);
  return { deliveryStream, readLagMetricName };
}
