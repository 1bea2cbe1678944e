import { Annotations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createIndexAlarms } from './index-alarms';
import { createIndexDeliveryStream } from './index-delivery-stream';
import { IndexSettings, indexSettings } from './index-settings';
import { IndexToOpenSearchProps } from './index-to-opensearch-props';
import { SecureSearchDomain } from './secure-search-domain';
import { IServerlessCollection } from './serverless-collection';
import { createFailureBucket } from '../../common/failure-bucket';
import { fail, withPath } from '../../common/input-error';
import { DeliveryRole } from '../../firehose/delivery-role';
import { warnReadLagNotMeasured } from '../../firehose/delivery-source';
import { DeliveryStreamMetrics } from '../../firehose/delivery-stream-metrics';
import { DestinationKind } from '../../firehose/destination-kind';
import { checkVpcPlacement } from '../../firehose/vpc-delivery';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { StreamReadMode } from '../../source/read-mode';
import { IReaderBinding } from '../../source/reader-binding';
import { defaultReaderName } from '../../source/reader-name';

/**
 * Every record of a stream or topic indexed into OpenSearch: Firehose reads the source as
 * one of its polling readers (or, without a source, takes direct PUTs) and indexes each
 * record as a document, into a new `SecureSearchDomain`, a domain of yours or an
 * OpenSearch Serverless `collection`, with the documents it cannot index kept in an S3
 * backup bucket and alarms on freshness, failed deliveries and the backup.
 *
 * A collection needs no mapping by hand: the index gets a data-access policy for the
 * delivery role. Direct PUT producers get `grantPutRecords()`; Firehose encrypts what
 * they send and alarms when they are throttled.
 *
 * **Map the delivery role before any document is indexed.** A `SecureSearchDomain` (the
 * new one, by default) uses fine-grained access control, and CloudFormation cannot map
 * IAM roles to OpenSearch roles: until `deliveryRole` is mapped, OpenSearch refuses every
 * document and Firehose writes them all to the backup bucket. As the domain's master
 * user (`masterUserRole`, by default `SecureSearchDomain`'s own role, which principals
 * of this account may assume), map the delivery role's ARN as a backend role of an
 * OpenSearch role that may write the index: `all_access`, or a custom role with write
 * permissions on `<index>` and `<index>-*` and `cluster_composite_ops`
 * (OpenSearch Dashboards → Security → Roles → Mapped users, or `PUT
 * _plugins/_security/api/rolesmapping/<role>`). The warning
 * `cdk-streaming-pipelines:IndexToOpenSearch:deliveryRoleNeedsMapping` says so at synth;
 * acknowledge it once the mapping is part of your deployment. Then re-index what the
 * backup bucket holds. The delivery role is never the master user: only Firehose can
 * assume it, so nobody could search the domain or map roles.
 *
 * In a VPC, a `Domain` of this app is opened to Firehose's security groups on 443
 * (rules in this construct's stack); for an imported domain, or a collection reachable
 * only through VPC endpoints, call `sink.connections.allowTo(groupOfTheDomainOrEndpoint,
 * Port.tcp(443))` yourself: Firehose's new security group allows no traffic out until
 * then, and every delivery fails.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * new IndexToOpenSearch(this, 'Search', { source: ingest, indexName: 'orders' });
 */
export class IndexToOpenSearch extends Construct {
  /** The delivery stream's name. */
  public readonly deliveryStreamName: string;
  /** The delivery stream's ARN. */
  public readonly deliveryStreamArn: string;
  /**
   * The role Firehose delivers with. Its one policy allows describing the domain,
   * indexing into the index and its rotations, writing the backup, reading the source,
   * logging errors and, in a VPC, managing Firehose's network interfaces.
   */
  public readonly deliveryRole: iam.IRole;
  /**
   * The domain documents are indexed into.
   * @default - none: documents go to `collection`
   */
  public readonly domain?: opensearch.IDomain;
  /**
   * The OpenSearch Serverless collection documents are indexed into.
   * @default - none: documents go to `domain`
   */
  public readonly collection?: IServerlessCollection;
  /** The bucket of failed (or all) documents. */
  public readonly backupBucket: s3.IBucket;
  /** The index name, before rotation. */
  public readonly indexName: string;
  /**
   * Name of Firehose among the source's readers.
   * @default - none: direct PUT
   */
  public readonly readerName?: string;
  /**
   * Firehose's network interfaces in the domain's VPC. A `Domain` of this app is opened to
   * them on 443; for an imported domain, open it from this side, which adds the egress and
   * the ingress rule: `sink.connections.allowTo(ec2.Peer.securityGroupId(domainGroupId), ec2.Port.tcp(443))`
   * (or any `IConnectable` of the domain's groups). Likewise for a VPC-only collection, towards the
   * security group of its VPC endpoint. A new group of Firehose's has no rules until then.
   * @default - none: delivery to a public endpoint
   */
  public readonly connections?: ec2.Connections;

  private readonly alarmFactory: AlarmFactory;
  private readonly metrics: DeliveryStreamMetrics;
  private readonly readLagMetricName?: string;
  private readonly directPut: boolean;

  constructor(scope: Construct, id: string, props: IndexToOpenSearchProps) {
    super(scope, id);
    if (props.domain && props.collection) {
      fail(this, '`domain` and `collection` are two destinations: give one of them');
    }
    const kind = props.collection ? DestinationKind.OPENSEARCH_SERVERLESS : DestinationKind.OPENSEARCH;
    const settings: IndexSettings = withPath(this, () => indexSettings(props, kind));
    this.refuseIgnoredProps(props);
    this.indexName = settings.indexName;
    this.checkNetwork(props);
    this.directPut = !props.source;

    // Firehose is one more polling reader of the source: the plan and the warnings count it.
    let binding: IReaderBinding | undefined;
    if (props.source) {
      this.readerName = props.readerName ?? defaultReaderName(this);
      binding = props.source.bindReader(this, {
        readerName: this.readerName,
        readMode: StreamReadMode.POLLING,
        latencyObjective: settings.readLag?.latencyObjective,
        lagBackstop: settings.readLag?.lagBackstop,
      });
    }

    const role = new DeliveryRole(this, 'DeliveryRole');
    this.deliveryRole = role.role;
    this.collection = props.collection;
    // The new domain's master user is a role people can assume (not the delivery role, which
    // only Firehose can): CloudFormation cannot map roles in OpenSearch, so the delivery role
    // must be mapped by hand (`deliveryRoleNeedsMapping`). A collection's access is its data-access policy.
    this.domain = props.collection ? undefined : props.domain ?? new SecureSearchDomain(this, 'Domain', {
      masterUserRole: props.masterUserRole,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    });
    if (this.domain && (!props.domain || props.domain instanceof SecureSearchDomain)) {
      Annotations.of(this).addWarningV2('cdk-streaming-pipelines:IndexToOpenSearch:deliveryRoleNeedsMapping',
        `${this.node.path}: the domain uses fine-grained access control, and the delivery role ${role.role.node.path} is not mapped `
        + 'to an OpenSearch role: until it is, OpenSearch refuses every document and Firehose writes them all to the backup bucket. '
        + 'Map its ARN as a backend role of a role that may write the index (all_access, or a custom role with index and cluster '
        + 'write permissions), as the master user (in OpenSearch Dashboards or the security REST API), then acknowledge this warning.');
    }
    this.backupBucket = props.backupBucket ?? createFailureBucket(this, 'BackupBucket', {
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'backup-access-logs/',
      writers: 'Firehose (documents it could not index)',
    });

    const delivery = createIndexDeliveryStream(this, {
      source: binding,
      role,
      destination: { domainArn: this.domain?.domainArn, collection: this.collection },
      settings,
      backupBucket: this.backupBucket,
      encryptionKey: props.encryptionKey,
      streamEncryptionKey: props.deliveryStreamEncryptionKey,
      network: props.vpc ? { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups: props.securityGroups } : undefined,
    });
    this.deliveryStreamName = delivery.deliveryStream.ref;
    this.deliveryStreamArn = delivery.deliveryStream.attrArn;
    this.readLagMetricName = delivery.readLagMetricName;
    warnReadLagNotMeasured(this, 'IndexToOpenSearch', props.source, this.readLagMetricName, props, 'the index');
    this.connections = delivery.connections;
    if (this.connections && this.domain instanceof opensearch.Domain) {
      // From this side: the egress and the domain's ingress rule both go in this stack, whichever stack the domain is in.
      this.connections.allowTo(this.domain, ec2.Port.tcp(443), `Firehose delivery of ${this.node.path}`);
    }
    this.metrics = DeliveryStreamMetrics.ofCfn(delivery.deliveryStream, kind);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      const what = props.collection ? 'OpenSearch Serverless index' : 'OpenSearch index';
      createIndexAlarms({ alarms: this.alarmFactory, metrics: this.metrics, label: `${what} ${this.node.path}` },
        settings, this.readLagMetricName);
    }
  }

  /**
   * Permits writing records to the delivery stream (`firehose:PutRecord`,
   * `firehose:PutRecordBatch`). Only for an index without a `source` (direct PUT): with
   * one, producers write to the source.
   */
  public grantPutRecords(grantee: iam.IGrantable): iam.Grant {
    if (!this.directPut) {
      fail(this, '`grantPutRecords()` is for an index without a `source`: this one reads a stream or topic, so grant producers '
        + 'write access to it');
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      resourceArns: [this.deliveryStreamArn],
    });
  }

  /** The index's alarms. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /**
   * Age of the oldest record not yet indexed, in seconds (`DeliveryToAmazonOpenSearchService.DataFreshness`, or
   * `DeliveryToAmazonOpenSearchServerless.DataFreshness` for a collection). Maximum over 5 minutes by default.
   */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.dataFreshness(props);
  }

  /**
   * Share of indexing requests that succeeded (`DeliveryToAmazonOpenSearchService.Success`, or
   * `DeliveryToAmazonOpenSearchServerless.Success` for a collection). Minimum over 5 minutes by default.
   */
  public metricDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.deliverySuccess(props);
  }

  /**
   * Documents indexed (`DeliveryToAmazonOpenSearchService.Records`, or `DeliveryToAmazonOpenSearchServerless.Records`
   * for a collection). Sum over 5 minutes by default.
   */
  public metricIndexedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.deliveryRecords(props);
  }

  /**
   * Records written to the backup bucket (`DeliveryToS3.Records`). Firehose emits it only
   * with `OpenSearchBackupMode.ALL_DOCUMENTS`: for failed documents, see
   * `metricRejectedDeliveries()`. Sum over 5 minutes by default.
   */
  public metricBackupRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.s3DeliveryRecords(props);
  }

  /**
   * 1 when the domain or collection refused documents, which then go to the backup bucket
   * (`DeliveryToAmazonOpenSearchService.DeliveryRejected`, or `DeliveryToAmazonOpenSearchServerless.DeliveryRejected`
   * for a collection). Maximum over 5 minutes by default.
   */
  public metricRejectedDeliveries(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.deliveryRejected(props);
  }

  /**
   * 1 when the domain or collection refused the delivery role (`DeliveryToAmazonOpenSearchService.AuthFailure`, or
   * `DeliveryToAmazonOpenSearchServerless.AuthFailure`): not permitted, not in the collection's data-access policy, or
   * with fine-grained access control, not mapped. Maximum over 5 minutes by default.
   */
  public metricAuthFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.authFailure(props);
  }

  /** Share of writes to the backup bucket that succeeded (`DeliveryToS3.Success`). Minimum over 5 minutes by default. */
  public metricBackupSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.s3DeliverySuccess(props);
  }

  /**
   * How far behind the source Firehose reads, in ms (`KinesisMillisBehindLatest`). Maximum over 5 minutes by default.
   * @returns undefined for a source Firehose publishes no read lag for (a Kafka topic), or direct PUT
   */
  public metricReadLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics.readLag(this.readLagMetricName, props);
  }

  /**
   * Records producers sent beyond the delivery stream's quota and Firehose refused
   * (`ThrottledRecords`; producers must retry them). Sum over 5 minutes by default.
   * @returns undefined with a `source`: producers write to the source, never to the delivery stream
   */
  public metricThrottledRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.directPut ? this.metrics.throttledRecords(props) : undefined;
  }

  /** Props that only apply in some setups: given elsewhere, they would silently do nothing. */
  private refuseIgnoredProps(props: IndexToOpenSearchProps): void {
    const noSource = 'applies to reading a `source`, and there is none (direct PUT)';
    const collection = 'applies to a domain: Firehose has no such option for an OpenSearch Serverless `collection`';
    const ignored: Array<[boolean, string, string]> = [
      [!!props.backupBucket && !!props.accessLogsBucket, 'accessLogsBucket', 'applies to the backup bucket the index creates: set up access logs on your `backupBucket`'],
      [!!props.domain && !!props.masterUserRole, 'masterUserRole', 'applies to the domain the index creates: your `domain` has its own master user'],
      [!!props.collection && !!props.masterUserRole, 'masterUserRole', 'applies to the domain the index creates: a `collection` grants access by its data-access policy'],
      [!!props.collection && props.indexRotation !== undefined, 'indexRotation', collection],
      [!!props.collection && props.documentIdFormat !== undefined, 'documentIdFormat', collection],
      [!props.source && props.readerName !== undefined, 'readerName', 'names the index among its source\'s readers, and there is no `source` (direct PUT)'],
      [!props.source && props.latencyObjective !== undefined, 'latencyObjective', noSource],
      [!props.source && props.readLagThreshold !== undefined, 'readLagThreshold', noSource],
      [!!props.source && !!props.deliveryStreamEncryptionKey, 'deliveryStreamEncryptionKey',
        'applies to direct PUT: Firehose cannot encrypt records it reads from a `source`, whose own encryption covers them'],
    ];
    for (const [given, prop, why] of ignored) {
      if (given) {
        fail(this, `\`${prop}\` ${why}`);
      }
    }
    withPath(this, () => checkVpcPlacement(props, 'delivery'));
  }

  /** Whether Firehose must deliver in `vpc`, when the destination says so. */
  private checkNetwork(props: IndexToOpenSearchProps): void {
    const what = props.collection ? 'collection' : 'domain';
    const privateOnly = props.collection ? props.collection.vpcOnly : props.domain ? inVpc(props.domain) : undefined;
    const how = props.collection ? 'is reachable only through VPC endpoints' : 'is in a VPC';
    if (privateOnly === true && !props.vpc) {
      fail(this, `\`vpc\` is required: the \`${what}\` ${how}, and Firehose reaches it through network interfaces there`);
    }
    if (privateOnly === false && props.vpc) {
      fail(this, props.collection
        ? '`vpc` applies to a collection reachable only through VPC endpoints, and the `collection` is reachable from the internet'
        : '`vpc` applies to a domain in a VPC, and the `domain` has a public endpoint');
    }
  }
}

/** Whether a domain is in a VPC: known for a `Domain` of this app, unknown (undefined) for an imported one. */
function inVpc(domain: opensearch.IDomain): boolean | undefined {
  if (!(domain instanceof opensearch.Domain)) {
    return undefined;
  }
  try {
    return !!domain.connections;
  } catch {
    return false;
  }
}
