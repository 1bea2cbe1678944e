/**
 * The raw variant's clickstream search: the resources of the library's `IndexToOpenSearch`
 * ('ClickstreamSearch' in examples/storage-layer.ts, with its default new
 * `SecureSearchDomain`) written by hand with aws-cdk-lib only:
 *
 * - a KMS key with rotation and an IAM master-user role (any principal of the account may
 *   assume it, to map roles in OpenSearch), both kept like the domain;
 * - the domain (aws-cdk-lib's `Domain`): OpenSearch 2.19, 3 r7g data nodes over 3 zones,
 *   3 dedicated m7g masters, 100 GiB gp3, fine-grained access control with the role as
 *   master user, node-to-node and at-rest encryption, HTTPS only with TLS 1.2 and PFS,
 *   in-place version upgrades, slow search, slow index and error logs; the logs' resource
 *   policy written in CloudFormation (not aws-cdk-lib's custom resource), for domains of
 *   this account and Region, kept like the domain;
 * - the backup bucket for documents the domain refuses (raw-failure-bucket.ts), logging
 *   its access to the lakes' access-logs bucket;
 * - the delivery stream (aws-cdk-lib's Firehose L2 has no OpenSearch destination, so the
 *   L1): from the clickstream into the `clickstream` index rotated daily, 5 minutes or
 *   5 MiB buffers, 5 minutes of retries, failed documents backed up as GZIP; errors logged
 *   to a log group kept a year with one log stream per destination;
 * - a delivery role with one policy (`FirehoseDelivery`) allowing exactly that: its two log
 *   streams, the backup folder, describing the domain, writing the index and its rotations,
 *   reading the statistics Firehose's guide lists, reading the stream;
 * - the alarms (freshness, delivery success, refused documents, refused role, backup
 *   writes, read latency and the read-lag backstop) and the validation acknowledgements
 *   the library adds.
 *
 * Construct ids follow the library's where they name resources (the key and the master
 * role sit beside the domain as `DomainKey` and `DomainMasterUserRole`, where the library
 * nests them in it: the logical ids read the same). The thresholds the library derives
 * (freshness: twice the buffering interval plus 5 minutes; read lag: a quarter of the
 * stream's 24-hour retention) are written out. Nothing is imported from src/ or examples/.
 *
 * The sinks pair (raw-sinks.ts) uses it twice on its encrypted orders stream: the same into a
 * new domain (without access logs, so the backup bucket acknowledges S1; the role also
 * decrypts the stream through Kinesis), and into an OpenSearch Serverless collection
 * (raw-collection.ts): no domain and no rotation, `aoss:APIAccessAll` on the collection and a
 * data-access policy letting the role write the index, the `DeliveryToAmazonOpenSearchServerless`
 * metrics. The log group and the read-lag alarms are raw-firehose.ts's.
 */
import { ArnFormat, CfnElement, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as aoss from 'aws-cdk-lib/aws-opensearchserverless';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { addFailureBucket } from './raw-failure-bucket';
import { addDeliveryLogs, addReadLagAlarms, deliveryAlarms, FIFTEEN_MINUTES, ONCE, readStreamStatements } from './raw-firehose';

const BACKUP = 'opensearch-backup/';
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;

/** What the index reads, where it writes, where its backup logs its access, and whom its alarms page. */
export interface SearchOptions {
  readonly stream: kinesis.IStream;
  /** The stream's key, when it has one of this app: the delivery role decrypts through Kinesis. */
  readonly streamKey?: kms.IKey;
  readonly indexName: string;
  /** Into this OpenSearch Serverless collection (raw-collection.ts); without, into a new domain rotating the index daily. */
  readonly collection?: aoss.CfnCollection;
  /** Without, the backup bucket acknowledges cdk-nag S1. */
  readonly accessLogs?: s3.IBucket;
  readonly action: cloudwatch.IAlarmAction;
}

/** How the alarms name the destination and what to check, for a domain or a collection. */
interface Destination {
  readonly metricPrefix: string;
  readonly service: string;
  readonly noun: string;
  readonly failed: string;
  readonly health: string;
  readonly access: string;
  readonly fix: string;
}

/** Adds an index (a new domain or a collection's index, backup, delivery stream, alarms) as construct `id` under `scope`. */
export function addSearch(scope: Construct, id: string, o: SearchOptions): void {
  const search = new Construct(scope, id);
  const index = o.indexName;

  const deliveryRole = new iam.Role(search, 'DeliveryRole', {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
    description: `Firehose delivery of ${search.node.path}`,
  });
  const domain = o.collection ? undefined : addDomain(search);
  const backupBucket = addFailureBucket(search, 'BackupBucket', 'Firehose (documents it could not index)',
    o.accessLogs && { bucket: o.accessLogs, prefix: 'backup-access-logs/' });
  const deliveryLogs = addDeliveryLogs(search, ['DestinationDelivery', 'BackupDelivery']);

  const common = {
    indexName: index,
    bufferingHints: { intervalInSeconds: 300, sizeInMBs: 5 },
    retryOptions: { durationInSeconds: 300 },
    roleArn: deliveryRole.roleArn,
    s3BackupMode: 'FailedDocumentsOnly',
    s3Configuration: {
      bucketArn: backupBucket.bucketArn,
      roleArn: deliveryRole.roleArn,
      prefix: BACKUP,
      compressionFormat: 'GZIP',
      cloudWatchLoggingOptions: deliveryLogs.logging('BackupDelivery'),
    },
    cloudWatchLoggingOptions: deliveryLogs.logging('DestinationDelivery'),
  };
  const deliveryStream = new firehose.CfnDeliveryStream(search, 'Resource', {
    deliveryStreamType: 'KinesisStreamAsSource',
    kinesisStreamSourceConfiguration: { kinesisStreamArn: o.stream.streamArn, roleArn: deliveryRole.roleArn },
    amazonopensearchserviceDestinationConfiguration: domain && {
      ...common,
      domainArn: domain.domainArn,
      indexRotationPeriod: 'OneDay',
      // Stable across retries: a record delivered twice is indexed once.
      documentIdOptions: { defaultDocumentIdFormat: 'FIREHOSE_DEFAULT' },
    },
    amazonOpenSearchServerlessDestinationConfiguration: o.collection && {
      ...common,
      collectionEndpoint: o.collection.attrCollectionEndpoint,
    },
  });

  const statements = [
    ...deliveryLogs.statements(),
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [backupBucket.bucketArn],
    }),
    new iam.PolicyStatement({
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resources: [backupBucket.arnForObjects(`${BACKUP}*`)],
    }),
  ];
  if (domain) {
    const d = domain.domainArn;
    statements.push(
      new iam.PolicyStatement({ actions: ['es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig'], resources: [d] }),
      // `_bulk` requests, and creating the daily indices `clickstream-2024-01-31` (not `clickstream*`: another index).
      new iam.PolicyStatement({
        actions: ['es:ESHttpPost', 'es:ESHttpPut'],
        resources: [d, `${d}/_bulk`, `${d}/${index}`, `${d}/${index}/*`, `${d}/${index}-*`],
      }),
      // The statistics and settings Firehose reads to size its requests.
      new iam.PolicyStatement({
        actions: ['es:ESHttpGet'],
        resources: [
          ...['_all/_settings', '_cluster/stats', '_nodes', '_nodes/stats', '_nodes/*/stats', '_stats'].map(p => `${d}/${p}`),
          ...[index, `${index}-*`].flatMap(i => [`${d}/${i}/_mapping`, `${d}/${i}/_stats`]),
        ],
      }),
    );
  } else {
    // The collection's data-access policy says what the role may do inside it.
    statements.push(new iam.PolicyStatement({ actions: ['aoss:APIAccessAll'], resources: [o.collection!.attrArn] }));
  }
  statements.push(...readStreamStatements(o.stream, o.streamKey));
  const policy = new iam.Policy(search, 'DeliveryRolePolicy', { policyName: 'FirehoseDelivery', roles: [deliveryRole], statements });
  // Firehose checks its permissions when the delivery stream is created.
  deliveryStream.node.addDependency(policy);
  if (o.collection) {
    deliveryStream.node.addDependency(addIndexWriteAccess(search, o.collection, index, deliveryRole));
  }

  acknowledgeFindings(policy, deliveryStream, backupBucket, index, domain);
  addSearchAlarms(search, deliveryStream, o.action, domain ? {
    metricPrefix: 'DeliveryToAmazonOpenSearchService',
    service: 'OpenSearch',
    noun: 'domain',
    failed: `${BACKUP}AmazonOpenSearchService-failed/`,
    health: 'the domain\'s health (red cluster, full disks, rejected writes)',
    access: 'the delivery role may write the index (with fine-grained access control: mapped to an OpenSearch role)',
    fix: 'fix the domain (health, capacity, the delivery role\'s mapping)',
  } : {
    metricPrefix: 'DeliveryToAmazonOpenSearchServerless',
    service: 'OpenSearch Serverless',
    noun: 'collection',
    failed: BACKUP,
    health: 'the collection\'s state and its capacity limit (OCUs)',
    access: 'the collection\'s data-access policy still names the delivery role and its network policy lets Firehose in',
    fix: 'fix the collection (state, OCU limit, data-access and network policies)',
  });
}

/**
 * The collection's data-access policy (`DataAccessPolicy`): the delivery role may create,
 * update and write `index`, nothing else. Its name is at most 32 characters; the hash is the
 * construct's address, as for the collection's policies (raw-collection.ts).
 */
function addIndexWriteAccess(search: Construct, collection: aoss.CfnCollection, index: string, role: iam.Role): aoss.CfnAccessPolicy {
  const description = `Firehose delivery of ${search.node.path}`;
  const policy = new aoss.CfnAccessPolicy(search, 'DataAccessPolicy', {
    name: '',
    type: 'data',
    description: `${description} writes index ${index}`,
    policy: Stack.of(search).toJsonString([{
      Description: description,
      Rules: [{
        ResourceType: 'index',
        Resource: [`index/${collection.name}/${index}`],
        Permission: ['aoss:CreateIndex', 'aoss:UpdateIndex', 'aoss:WriteDocument'],
      }],
      Principal: [role.roleArn],
    }]),
  });
  policy.name = `dataaccesspolicy-${policy.node.addr.slice(0, 8)}`;
  return policy;
}

/**
 * The domain (`Domain`), its key (`DomainKey`) and master user (`DomainMasterUserRole`),
 * and the resource policy that lets OpenSearch write its logs (`Domain/LogsResourcePolicy`).
 */
function addDomain(search: Construct): opensearch.Domain {
  const stack = Stack.of(search);
  const domainPath = `${search.node.path}/Domain`;
  const masterUserRole = new iam.Role(search, 'DomainMasterUserRole', {
    assumedBy: new iam.AccountPrincipal(stack.account),
    description: `Master user of ${domainPath}: maps roles in OpenSearch`,
  });
  // Kept like the domain: without its master user, nobody could map roles in it.
  masterUserRole.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const key = new kms.Key(search, 'DomainKey', {
    description: `Encryption at rest of the OpenSearch domain ${domainPath}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const domain = new opensearch.Domain(search, 'Domain', {
    version: opensearch.EngineVersion.OPENSEARCH_2_19,
    capacity: {
      dataNodes: 3,
      dataNodeInstanceType: 'r7g.large.search',
      masterNodes: 3,
      masterNodeInstanceType: 'm7g.large.search',
      multiAzWithStandbyEnabled: false,
    },
    ebs: { enabled: true, volumeSize: 100, volumeType: ec2.EbsDeviceVolumeType.GP3 },
    zoneAwareness: { enabled: true, availabilityZoneCount: 3 },
    nodeToNodeEncryption: true,
    encryptionAtRest: { enabled: true, kmsKey: key },
    enableVersionUpgrade: true,
    enforceHttps: true,
    tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2_PFS,
    fineGrainedAccessControl: { masterUserArn: masterUserRole.roleArn },
    logging: { slowSearchLogEnabled: true, slowIndexLogEnabled: true, appLogEnabled: true },
    // The logs' resource policy below, in CloudFormation rather than a custom resource.
    suppressLogsResourcePolicy: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  // For domains of this account and Region: the domain's own ARN would make a cycle.
  const logGroups = [domain.slowSearchLogGroup!, domain.slowIndexLogGroup!, domain.appLogGroup!];
  const policy = new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('es.amazonaws.com')],
      actions: ['logs:PutLogEvents', 'logs:CreateLogStream'],
      resources: logGroups.map(g => g.logGroupArn),
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'es', resource: 'domain', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
      },
    })],
  });
  const logsPolicy = new logs.CfnResourcePolicy(domain, 'LogsResourcePolicy', {
    policyName: Names.uniqueResourceName(domain, { maxLength: 255 }),
    policyDocument: stack.toJsonString(policy.toJSON()),
  });
  // Kept like the domain: a domain left behind keeps writing its logs.
  logsPolicy.applyRemovalPolicy(RemovalPolicy.RETAIN);
  domain.node.defaultChild!.node.addDependency(logsPolicy);
  return domain;
}

/**
 * cdk-nag findings acknowledged one by one, as the library does: the domain's missing
 * resource policy (OS3, OS5) and public endpoint (OS1), the wildcards of the backup folder,
 * the rotated index and the per-node statistics (IAM5), the unencrypted delivery stream (KDF1).
 */
function acknowledgeFindings(policy: iam.Policy, deliveryStream: firehose.CfnDeliveryStream, backupBucket: s3.Bucket, index: string,
  domain?: opensearch.Domain): void {
  const stack = Stack.of(policy);
  const arnOf = (c: Construct) => `<${stack.getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${arnOf(backupBucket)}/${BACKUP}*]`,
    reason: 'Firehose names its objects by time and partition values under this folder, so the object ARN ends in *; '
      + 'the actions on it are only PutObject, GetObject and AbortMultipartUpload (no delete).',
  });
  Validations.of(deliveryStream).acknowledge({
    id: 'AwsSolutions-KDF1',
    reason: 'Firehose cannot encrypt records it reads from a source (a Kinesis stream, an MSK topic); the source encrypts them at '
      + `rest and the ${domain ? 'domain' : 'collection'} encrypts the documents at rest (and the backup bucket its objects).`,
  });
  if (!domain) {
    return;
  }
  const d = arnOf(domain);
  for (const resource of [`${index}/*`, `${index}-*`, '_nodes/*/stats', `${index}-*/_mapping`, `${index}-*/_stats`]) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${d}/${resource}]`,
      reason: `Firehose appends the rotation's date to the index name ('${index}-2024-01-31'), writes the index's documents `
        + 'under its path, and reads per-node statistics by node id; the paths are this index\'s and this domain\'s only.',
    });
  }

  const cfnDomain = domain.node.defaultChild as opensearch.CfnDomain;
  const noPolicy = 'The domain has no resource policy on purpose: only identity policies of this account\'s principals grant access '
    + '(signed requests), and fine-grained access control maps each to an OpenSearch role. A policy would need an Allow to a role '
    + 'without an IP condition, which this rule flags too.';
  Validations.of(cfnDomain).acknowledge({ id: 'AwsSolutions-OS3', reason: noPolicy });
  Validations.of(cfnDomain).acknowledge({ id: 'AwsSolutions-OS5', reason: `${noPolicy} With no policy, unsigned and anonymous requests are refused.` });
  Validations.of(cfnDomain).acknowledge({
    id: 'AwsSolutions-OS1',
    reason: 'No `vpc` was given: the endpoint is public but takes only signed requests of this account\'s principals that '
      + 'fine-grained access control maps to a role, over TLS 1.2. Give `vpc` to place the domain in a VPC.',
  });
}

/**
 * Freshness, indexing success, refused documents, refused role, backup writes, read latency
 * and the read-lag backstop (a quarter of the stream's 24 hours); missing data is an idle
 * stream, or for the read lag, keeps the state.
 */
function addSearchAlarms(search: Construct, deliveryStream: firehose.CfnDeliveryStream, action: cloudwatch.IAlarmAction,
  t: Destination): void {
  const label = `${t.service} index ${search.node.path}`;
  const a = deliveryAlarms(search, deliveryStream, action);
  const m = t.metricPrefix;

  a.alarm('DataFreshnessAlarm', {
    metric: a.metric(`${m}.DataFreshness`, 'Maximum'),
    // Twice the buffering interval, plus 5 minutes.
    threshold: Duration.minutes(15).toSeconds(),
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the oldest record not yet in ${t.service} stayed older than 15 minutes for 15 minutes `
      + `(${m}.DataFreshness). Deliveries are failing or throttled: check the delivery stream's log `
      + `group, the failed documents in the backup bucket, ${t.health} and that ${t.access}.`,
  });
  a.alarm('DeliverySuccessAlarm', {
    metric: a.metric(`${m}.Success`, 'Minimum'),
    threshold: 1,
    comparisonOperator: LT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: indexing requests failed in 15 minutes in a row (${m}.Success below 1). `
      + `Firehose retries for 5 minutes, then writes the documents to the backup bucket under ${t.failed}: ${t.fix} `
      + 'and re-index them from there.',
  });
  a.alarm('FailedDocumentsAlarm', {
    metric: a.metric(`${m}.DeliveryRejected`, 'Maximum'),
    threshold: 0,
    comparisonOperator: GT,
    ...ONCE,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the ${t.noun} refused documents (${m}.DeliveryRejected); after retries `
      + `they go to the backup bucket under ${t.failed}. Read the error in each one (a mapping conflict, or `
      + `${t.health}), fix the cause and re-index them.`,
  });
  a.alarm('AuthFailureAlarm', {
    metric: a.metric(`${m}.AuthFailure`, 'Maximum'),
    threshold: 0,
    comparisonOperator: GT,
    ...ONCE,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the ${t.noun} refused the delivery role (${m}.AuthFailure), and every `
      + `document goes to the backup bucket under ${t.failed}. Check that ${t.access}.`,
  });
  a.alarm('BackupDeliverySuccessAlarm', {
    metric: a.metric('DeliveryToS3.Success', 'Minimum'),
    threshold: 1,
    comparisonOperator: LT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: writes to the backup bucket failed in 15 minutes in a row (DeliveryToS3.Success below 1). Documents `
      + `the ${t.noun} refuses have nowhere to go while the backup fails: Firehose holds them and stops delivering, and records the `
      + 'source no longer retains are lost. Fix the bucket\'s policy or key now.',
  });
  addReadLagAlarms(a, label, 6, 'the index');
}
