import { ArnFormat, Aws, Names, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeCrawlerWildcards } from './nag-acknowledgements';
import { nagFindingText } from '../common/nag-finding';

/** The log groups of crawlers with a security configuration: `/aws-glue/crawlers-role/<role>-<configuration>`. */
const CRAWLER_LOG_GROUPS = '/aws-glue/crawlers*';

/** What the lake's crawler works on. */
export interface LakeCrawlerOptions {
  readonly bucket: s3.IBucket;
  /** The folder of the events, e.g. `events/`. */
  readonly basePrefix: string;
  readonly databaseName: string;
  readonly tableName: string;
  /** Encrypts the crawler's logs; a new key when none. */
  readonly encryptionKey?: kms.IKey;
  /** When it runs (a Glue cron expression). */
  readonly schedule: string;
}

/**
 * An optional Glue crawler that registers the lake's partitions in the catalog for
 * engines without partition projection (Redshift Spectrum, EMR, Glue jobs). It crawls
 * the existing table (a catalog target), adds partitions only, inherits the table's
 * schema, and only logs schema changes: the declared schema stays the source of truth.
 * Its logs are encrypted (a Glue security configuration), as cdk-nag GL1 asks.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/crawler-configuration.html
 */
export function createLakeCrawler(scope: Construct, options: LakeCrawlerOptions): glue.CfnCrawler {
  const key = options.encryptionKey ?? new kms.Key(scope, 'CrawlerLogsKey', {
    description: `Encrypts the logs of the crawler of ${scope.node.path}`,
    enableKeyRotation: true,
  });
  // CloudWatch Logs encrypts the crawler's log group with the key.
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` } },
  }));

  const role = new iam.Role(scope, 'CrawlerRole', {
    assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSGlueServiceRole')],
  });
  options.bucket.grantRead(role, `${options.basePrefix}*`);
  key.grantEncryptDecrypt(role);
  grantCrawlerLogEncryption(role);
  acknowledgeCrawlerWildcards(role, options.bucket, options.basePrefix);
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSGlueServiceRole]',
    reason: 'AWSGlueServiceRole is what AWS documents for crawlers: catalog updates and the crawler\'s own logs.',
  });

  const securityConfiguration = new glue.CfnSecurityConfiguration(scope, 'CrawlerSecurity', {
    name: Names.uniqueResourceName(scope, { maxLength: 255, separator: '-' }),
    encryptionConfiguration: {
      cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
      s3Encryptions: [{ s3EncryptionMode: 'SSE-S3' }],
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'DISABLED' },
    },
  });
  const crawler = new glue.CfnCrawler(scope, 'Crawler', {
    role: role.roleArn,
    databaseName: options.databaseName,
    description: `Registers the partitions of ${options.databaseName}.${options.tableName}`,
    targets: { catalogTargets: [{ databaseName: options.databaseName, tables: [options.tableName] }] },
    // Catalog targets: log, never change or delete the declared table.
    schemaChangePolicy: { updateBehavior: 'LOG', deleteBehavior: 'LOG' },
    configuration: JSON.stringify({
      Version: 1.0,
      CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
    }),
    crawlerSecurityConfiguration: securityConfiguration.name,
    schedule: { scheduleExpression: options.schedule },
  });
  crawler.addResourceDependency(securityConfiguration, 'the crawler runs with the security configuration');
  // The crawler's first run must find its role's policies attached.
  crawler.node.addDependency(role);
  return crawler;
}

/**
 * A crawler with a security configuration that encrypts CloudWatch Logs associates the
 * key with its log group on its first run (`logs:AssociateKmsKey`); AWSGlueServiceRole
 * does not grant that, so the crawler would fail. Glue names that log group after the
 * role and the security configuration under `/aws-glue/crawlers…` (AWS's setup guide
 * grants `/aws-glue/*`); the grant covers the crawlers' log groups only, not jobs' or
 * sessions'.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/set-up-encryption.html
 * @see https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 */
function grantCrawlerLogEncryption(role: iam.Role): void {
  const logGroups = Stack.of(role).formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: CRAWLER_LOG_GROUPS,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:AssociateKmsKey'], resources: [logGroups] }));
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(role).resolve(logGroups))}]`,
    reason: 'Glue names the crawler\'s encrypted log group after its role and security configuration when the crawler first '
      + 'runs; the grant is logs:AssociateKmsKey only, on the crawlers\' log groups.',
  });
}
