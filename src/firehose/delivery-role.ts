import { ArnFormat, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { staticFolders } from './delivery-prefixes';
import { nagFindingText } from '../common/nag-finding';

/**
 * What Firehose does in an S3 destination: write objects in parts, abort the parts of a
 * failed upload, read back what it wrote, and find the bucket's Region. Nothing deletes,
 * and nothing sets retention or legal holds: versioning and Object Lock keep protecting
 * the objects from the delivery role.
 */
const S3_BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'];
const S3_OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'];
/** Writing SSE-KMS objects (multipart uploads decrypt the data key too). */
const S3_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];
/** Reading the domain's configuration, which Firehose checks before it delivers. */
const DOMAIN_DESCRIBE_ACTIONS = ['es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig'];
/** Indexing documents: `_bulk` requests, and creating the (rotated) indices. */
const DOMAIN_WRITE_ACTIONS = ['es:ESHttpPost', 'es:ESHttpPut'];
/**
 * The read-only paths Firehose's access-control guide lists for `es:ESHttpGet` (the
 * domain's settings and statistics, and the index's): Firehose reads them to size its
 * requests.
 */
const DOMAIN_READ_PATHS = ['_all/_settings', '_cluster/stats', '_nodes', '_nodes/stats', '_nodes/*/stats', '_stats'];
/**
 * What Firehose does in a VPC: find the VPC, subnets and security groups, and create,
 * share and delete its network interfaces there. EC2 gives these no resource-level
 * scope Firehose documents, so they are on `*`.
 */
const VPC_DELIVERY_ACTIONS = [
  'ec2:DescribeVpcs', 'ec2:DescribeVpcAttribute', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
  'ec2:DescribeNetworkInterfaces', 'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface',
];
/** Reading the table a record format conversion takes its schema from. */
const GLUE_TABLE_ACTIONS = ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'];

/**
 * The IAM role of one Firehose delivery stream, granting exactly what Firehose uses and
 * nothing aws-cdk-lib's Firehose L2 would add on its own (read/write on the whole bucket,
 * including `s3:DeleteObject*`, or `glue:GetSchemaVersion` on `*`).
 *
 * Give the L2 the `immutableRole` (as `DeliveryStreamProps.role` and the destination's
 * `role`): its own grants then land nowhere, and every permission comes from the
 * `grantXxx()` methods here, in one named policy. Call `requiredBy()` with the delivery
 * stream's `CfnDeliveryStream`: Firehose checks its permissions when the stream is
 * created, so the policy must exist by then.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html
 */
export class DeliveryRole extends Construct {
  /** The role. */
  public readonly role: iam.IRole;
  /** The role for aws-cdk-lib's Firehose constructs: their grants to it do nothing. */
  public readonly immutableRole: iam.IRole;
  private readonly policy: iam.Policy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new iam.Role(this, 'Resource', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      description: `Firehose delivery of ${scope.node.path}`,
    });
    this.role = role;
    this.immutableRole = role.withoutPolicyUpdates();
    this.policy = new iam.Policy(this, 'Policy', { policyName: 'FirehoseDelivery', roles: [role] });
  }

  /**
   * Writing into `bucket` under the folders of Firehose's `prefixes` (data and error
   * prefixes, with their expressions): the object actions on `<folder>*` only, where the
   * folder is the prefix up to the last `/` before its first expression. The bucket-level
   * actions take the bucket's ARN; `s3:ListBucket` has no `s3:prefix` condition, since
   * Firehose does not document which prefixes it lists.
   */
  public grantS3Destination(bucket: s3.IBucket, prefixes: string[]): void {
    this.allow(S3_BUCKET_ACTIONS, [bucket.bucketArn]);
    const objects = staticFolders(prefixes).map(folder => bucket.arnForObjects(`${folder}*`));
    this.allow(S3_OBJECT_ACTIONS, objects);
    for (const resource of objects) {
      const finding = `${nagFindingText(Stack.of(this).resolve(resource))}`;
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${finding}]`,
        reason: 'Firehose names its objects by time and partition values under this folder, so the object ARN ends in *; '
          + 'the actions on it are only PutObject, GetObject and AbortMultipartUpload (no delete).',
      });
    }
  }

  /**
   * Encrypting the objects Firehose writes into `bucket` with `key` (SSE-KMS): only
   * through S3 in this Region, and only for objects under the `prefixes`' folders or
   * for the bucket itself, which is the encryption context S3 uses with an S3 Bucket Key.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
   */
  public grantS3Encryption(key: kms.IKey, bucket: s3.IBucket, prefixes: string[]): void {
    const contexts = [bucket.bucketArn, ...staticFolders(prefixes).map(folder => bucket.arnForObjects(`${folder}*`))];
    this.allow(S3_KEY_ACTIONS, [key.keyArn], {
      StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` },
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': contexts },
    });
  }

  /**
   * Reading the delivery stream's source: the statements its binding lists
   * (`IReaderBinding.firehoseSource()`), which the source scopes to itself, with the
   * source's reason for any wildcard among their resources.
   */
  public grantSourceRead(statements: iam.PolicyStatement[], wildcardReason?: string): void {
    this.policy.addStatements(...statements);
    if (!wildcardReason) {
      return;
    }
    const wildcards = statements.flatMap(s => s.resources).filter(r => r.endsWith('*') && r !== '*');
    for (const resource of wildcards) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(this).resolve(resource))}]`,
        reason: wildcardReason,
      });
    }
  }

  /**
   * Reading the schema of `table` for record format conversion: the catalog, the
   * database and the table, by ARN. No `glue:GetSchemaVersion`: that is for tables whose
   * schema lives in the Glue Schema Registry, and the library declares its columns.
   */
  public grantConversionTable(table: glue.CfnTable): void {
    const stack = Stack.of(this);
    const account = table.catalogId;
    this.allow(GLUE_TABLE_ACTIONS, [
      stack.formatArn({ service: 'glue', resource: 'catalog', account }),
      stack.formatArn({ service: 'glue', resource: 'database', resourceName: table.databaseName, account }),
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${table.databaseName}/${table.ref}`, account }),
    ]);
  }

  /**
   * Indexing into `indexName` of the OpenSearch Service domain `domainArn`, through this
   * role's own policy (no domain resource policy): describing the domain, `_bulk`
   * requests, creating and writing the index, and reading the statistics Firehose's guide
   * lists. The index's paths are `<index>` and `<index>/*`, and when `rotated`, the
   * rotations' `<index>-*`: Firehose appends `-` and the UTC arrival date to the name
   * (hours `orders-2024-01-31-13`, days `orders-2024-01-31`, weeks `orders-2024-w05`, months
   * `orders-2024-01`). Not `<index>*`, which would also match another index `ordersx`. With
   * fine-grained access control, the role must also be mapped to an OpenSearch role that
   * may write the index.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es
   * @see https://docs.aws.amazon.com/firehose/latest/dev/es-index-rotation.html
   */
  public grantOpenSearchDomain(domainArn: string, indexName: string, rotated: boolean): void {
    const indices = [`${domainArn}/${indexName}`, ...(rotated ? [`${domainArn}/${indexName}-*`] : [])];
    this.allow(DOMAIN_DESCRIBE_ACTIONS, [domainArn]);
    this.allow(DOMAIN_WRITE_ACTIONS, [domainArn, `${domainArn}/_bulk`, indices[0], `${indices[0]}/*`, ...indices.slice(1)]);
    const indexReads = indices.flatMap(index => [`${index}/_mapping`, `${index}/_stats`]);
    this.allow(['es:ESHttpGet'], [...DOMAIN_READ_PATHS.map(path => `${domainArn}/${path}`), ...indexReads]);
    const stack = Stack.of(this);
    const wildcards = [`${indices[0]}/*`, ...indices.slice(1), `${domainArn}/_nodes/*/stats`, ...indexReads.filter(r => r.includes('*'))];
    for (const resource of wildcards) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagFindingText(stack.resolve(resource))}]`,
        reason: `Firehose appends the rotation's date to the index name ('${indexName}-2024-01-31'), writes the index's documents `
          + 'under its path, and reads per-node statistics by node id; the paths are this index\'s and this domain\'s only.',
      });
    }
  }

  /**
   * Calling the OpenSearch data-plane API of the OpenSearch Serverless collection
   * `collectionArn` (`aoss:APIAccessAll` on it alone), as Firehose's guide lists. What the
   * role may do there (create and write the index) is the collection's data-access
   * policy's to say, not this policy's.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-serverless
   */
  public grantOpenSearchCollection(collectionArn: string): void {
    this.allow(['aoss:APIAccessAll'], [collectionArn]);
  }

  /**
   * Delivering into a VPC: the EC2 actions Firehose needs to create its network
   * interfaces in the subnets it is given, on `*` (acknowledged for cdk-nag).
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es-vpc
   */
  public grantVpcDelivery(): void {
    this.allow(VPC_DELIVERY_ACTIONS, ['*']);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Firehose creates, describes and deletes its network interfaces in the destination\'s VPC; its guide gives these EC2 '
        + 'actions no resource scope, and the role is assumable by Firehose only.',
    });
  }

  /**
   * Reading the destination's credentials from `secret` (Redshift, with
   * `SecretsManagerConfiguration`): `secretsmanager:GetSecretValue` on that secret only
   * and, when a customer managed key encrypts it, `kms:Decrypt` on the key only through
   * Secrets Manager in this Region. A secret imported by name has no full ARN: its ARN
   * then ends in `-??????` (the six characters Secrets Manager appends), acknowledged for cdk-nag.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/using-secrets-manager.html
   */
  public grantSecretRead(secret: secretsmanager.ISecret): void {
    const arn = secret.secretFullArn ?? `${secret.secretArn}-??????`;
    this.allow(['secretsmanager:GetSecretValue'], [arn]);
    if (!secret.secretFullArn) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(this).resolve(arn))}]`,
        reason: 'The secret was imported by name: Secrets Manager appends six random characters to its ARN, matched by -??????; '
          + 'the only action is GetSecretValue on this one secret.',
      });
    }
    if (secret.encryptionKey) {
      this.allow(['kms:Decrypt'], [secret.encryptionKey.keyArn], {
        StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
      });
    }
  }

  /** Writing delivery errors to the one log stream the delivery stream logs to. */
  public grantLogStream(logGroupName: string, logStreamName: string): void {
    this.allow(['logs:PutLogEvents'], [Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroupName}:log-stream:${logStreamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })]);
  }

  /** Makes `deliveryStream` wait for the policy: Firehose checks its permissions at creation. */
  public requiredBy(deliveryStream: CfnResource): void {
    deliveryStream.node.addDependency(this.policy);
  }

  private allow(actions: string[], resources: string[], conditions?: Record<string, unknown>): void {
    this.policy.addStatements(new iam.PolicyStatement({ actions, resources, conditions }));
  }
}
