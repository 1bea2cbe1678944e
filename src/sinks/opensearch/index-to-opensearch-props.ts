import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DocumentIdFormat, IndexRotation, OpenSearchBackupMode } from './index-options';
import { IServerlessCollection } from './serverless-collection';
import { IStreamSource } from '../../source/stream-source';

/**
 * Properties of an `IndexToOpenSearch` less its `source`: what
 * `StreamingPipeline.addSearchIndex()` takes, building on the pipeline's source.
 */
export interface IndexToOpenSearchOptions {
  /**
   * Name of Firehose among the source's readers. Only with a `source`.
   * @default - a name unique in the app, derived from the construct path
   */
  readonly readerName?: string;

  /**
   * The domain to index into. In a VPC, give `vpc` too.
   *
   * **With fine-grained access control (always, for a new or any `SecureSearchDomain`),
   * map `deliveryRole` to an OpenSearch role that may write the index** (a backend role
   * mapping of `all_access`, or of a custom role with write permissions on the index and
   * its rotations): CloudFormation cannot, and until it is mapped, OpenSearch refuses
   * every document and Firehose writes them all to the backup bucket. The warning
   * `cdk-streaming-pipelines:IndexToOpenSearch:deliveryRoleNeedsMapping` reminds you.
   * @default - a new `SecureSearchDomain` (in `vpc` when given), whose master user is `masterUserRole`, unless a `collection` is given
   */
  readonly domain?: opensearch.IDomain;

  /**
   * An OpenSearch Serverless collection to index into instead of a domain (a
   * `ServerlessCollection`, or one imported with `ServerlessCollection.fromCollectionAttributes()`).
   * The index gets a data-access policy that lets the delivery role create, update and
   * write the index, and the role `aoss:APIAccessAll` on the collection: no mapping by
   * hand. A collection reachable only through VPC endpoints needs `vpc`. Firehose has no
   * index rotation or document-id option for collections: `indexRotation` and
   * `documentIdFormat` are refused with it.
   * @default - a domain (see `domain`)
   * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-serverless
   */
  readonly collection?: IServerlessCollection;

  /**
   * The master user of the new domain's fine-grained access control: the role that maps
   * `deliveryRole` to an OpenSearch role (see `domain`). Only with no `domain`. Never
   * the delivery role: only Firehose can assume it.
   * @default - the new `SecureSearchDomain`'s own role, which principals of this account may assume, retained with the domain
   */
  readonly masterUserRole?: iam.IRole;

  /**
   * The VPC of the domain, or of the VPC endpoints of a collection reachable only through
   * them: Firehose delivers through network interfaces in it. A new domain is placed in it.
   * @default - the domain's public endpoint
   * @see https://docs.aws.amazon.com/firehose/latest/dev/vpc.html
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` for Firehose's network interfaces (and a new domain).
   * @default - the VPC's default selection (private subnets first)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of Firehose's network interfaces in `vpc`.
   * @default - a new group with no rules; a `Domain` of this app is opened to it on 443 (egress and ingress rules
   * in this stack); for an imported domain, call `connections.allowTo()`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The index: 1–80 lower-case characters, none of `\ / * ? " < > | , # :` or spaces, not
   * starting with `_`, `-` or `+`. With rotation, Firehose appends the date.
   */
  readonly indexName: string;

  /**
   * How often a new index starts. Domains only.
   * @default IndexRotation.ONE_DAY for a domain; a collection has one index, never rotated
   */
  readonly indexRotation?: IndexRotation;

  /**
   * Who gives documents their ids. Domains only.
   * @default DocumentIdFormat.FIREHOSE_DEFAULT for a domain - stable across retries, no duplicates; a collection gives its own ids
   */
  readonly documentIdFormat?: DocumentIdFormat;

  /**
   * How long Firehose buffers before a bulk request, 0–900 seconds.
   * @default Duration.minutes(5)
   */
  readonly bufferingInterval?: Duration;

  /**
   * How much Firehose buffers before a bulk request, 1–100 MiB. AWS advises more than
   * 10 seconds of the incoming rate.
   * @default Size.mebibytes(5)
   */
  readonly bufferingSize?: Size;

  /**
   * How long Firehose retries a failed bulk request before writing its documents to the
   * backup bucket, 0–7,200 seconds (0: no retry).
   * @default Duration.minutes(5)
   */
  readonly retryDuration?: Duration;

  /**
   * Which documents go to the backup bucket. Set at creation only.
   * @default OpenSearchBackupMode.FAILED_DOCUMENTS_ONLY
   */
  readonly backupMode?: OpenSearchBackupMode;

  /**
   * The backup bucket.
   * @default - a new bucket: versioned, encrypted, TLS only, public access blocked, retained, objects never expire
   */
  readonly backupBucket?: s3.IBucket;

  /**
   * Folder of the backup in the bucket; Firehose appends `AmazonOpenSearchService-failed/`
   * for failed documents, and the date folders when the prefix has no expressions.
   * @default 'opensearch-backup/'
   */
  readonly backupPrefix?: string;

  /**
   * Folder of records Firehose could not write to the backup, required when `backupPrefix`
   * has expressions, and then with `!{firehose:error-output-type}`.
   * @default - none: Firehose's own default
   */
  readonly backupErrorPrefix?: string;

  /**
   * KMS key of the backup: a new bucket's default encryption, or with your
   * `backupBucket`, the key Firehose writes objects with (and is granted).
   * @default - S3-managed keys (SSE-S3) for a new bucket; your bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the new backup bucket's server access logs.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Data freshness (age of the oldest record not yet indexed) at which the freshness alarm fires.
   * @default - twice the buffering interval plus 5 minutes
   */
  readonly freshnessThreshold?: Duration;

  /**
   * How far Firehose may read behind the source stream in normal operation: the
   * read-latency alarm fires beyond it. Shorter than `readLagThreshold`. Only with a `source`.
   * @default Duration.minutes(5)
   */
  readonly latencyObjective?: Duration;

  /**
   * The data-loss backstop: how far Firehose may fall behind the source before the
   * read-lag alarm fires. Only with a `source`.
   * @default - a quarter of the source's retention
   */
  readonly readLagThreshold?: Duration;

  /**
   * Create the alarms.
   * @default true
   */
  readonly createAlarms?: boolean;

  /**
   * Action for every alarm, on ALARM and on OK.
   * @default - no action
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** Properties of an `IndexToOpenSearch`. */
export interface IndexToOpenSearchProps extends IndexToOpenSearchOptions {
  /**
   * The stream or topic to index; Firehose reads it as one of its polling readers.
   * @default - none: direct PUT, producers write to the delivery stream (`grantPutRecords()`), which Firehose encrypts
   */
  readonly source?: IStreamSource;

  /**
   * Direct PUT only: the KMS key Firehose encrypts the records it buffers with (a
   * symmetric key; Firehose grants itself its use with the deployer's credentials).
   * With a `source`, Firehose cannot encrypt, and the source's encryption covers the records.
   * Here rather than in `IndexToOpenSearchOptions`: `addSearchIndex()` always gives a source.
   * @default - an AWS-owned key
   * @see https://docs.aws.amazon.com/firehose/latest/dev/encryption.html
   */
  readonly deliveryStreamEncryptionKey?: kms.IKey;
}
