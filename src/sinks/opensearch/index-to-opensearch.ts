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
import { createFailureBucket } from '../../common/failure-bucket';
import { fail, withPath } from '../../common/input-error';
import { DeliveryRole } from '../../firehose/delivery-role';
import { warnReadLagNotMeasured } from '../../firehose/delivery-source';
import { DeliveryStreamMetrics } from '../../firehose/delivery-stream-metrics';
import { DestinationKind } from '../../firehose/destination-kind';
import { checkVpcPlacement } from '../../firehose/vpc-delivery';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { StreamReadMode } from '../../source/read-mode';
import { defaultReaderName } from '../../source/reader-name';

/**
 * Every record of a stream or topic indexed into OpenSearch Service: Firehose reads the
 * source as one of its polling readers and indexes each record as a document, into a
 * new `SecureSearchDomain` or a domain of yours, with the documents it cannot index kept
 * in an S3 backup bucket and alarms on freshness, failed deliveries and the backup.
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
 * (rules in this construct's stack); for an imported domain, call
 * `sink.connections.allowTo(domainConnectable, Port.tcp(443))` yourself.
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
  /** The domain documents are indexed into. */
  public readonly domain: opensearch.IDomain;
  /** The bucket of failed (or all) documents. */
  public readonly backupBucket: s3.IBucket;
  /** The index name, before rotation. */
  public readonly indexName: string;
  /** Name of Firehose among the source's readers. */
  public readonly readerName: string;
  /**
   * Firehose's network interfaces in the domain's VPC. A `Domain` of this app is opened to
   * them on 443; for an imported domain, open it from this side, which adds the egress and
   * the ingress rule: `sink.connections.allowTo(ec2.Peer.securityGroupId(domainGroupId), ec2.Port.tcp(443))`
   * (or any `IConnectable` of the domain's groups). A new group of Firehose's has no rules until then.
   * @default - none: delivery to a public endpoint
   */
  public readonly connections?: ec2.Connections;

  private readonly alarmFactory: AlarmFactory;
  private readonly metrics: DeliveryStreamMetrics;
  private readonly readLagMetricName?: string;

  constructor(scope: Construct, id: string, props: IndexToOpenSearchProps) {
    super(scope, id);
    const settings: IndexSettings = withPath(this, () => indexSettings(props));
    this.refuseIgnoredProps(props);
    this.indexName = settings.indexName;
    const domainInVpc = props.domain ? inVpc(props.domain) : undefined;
    if (domainInVpc === true && !props.vpc) {
      fail(this, '`vpc` is required: the `domain` is in a VPC, and Firehose reaches it through network interfaces there');
    }
    if (domainInVpc === false && props.vpc) {
      fail(this, '`vpc` applies to a domain in a VPC, and the `domain` has a public endpoint');
    }

    // Firehose is one more polling reader of the source: the plan and the warnings count it.
    this.readerName = props.readerName ?? defaultReaderName(this);
    const binding = props.source.bindReader(this, {
      readerName: this.readerName,
      readMode: StreamReadMode.POLLING,
      latencyObjective: settings.readLag.latencyObjective,
      lagBackstop: settings.readLag.lagBackstop,
    });

    const role = new DeliveryRole(this, 'DeliveryRole');
    this.deliveryRole = role.role;
    // The new domain's master user is a role people can assume (not the delivery role, which
    // only Firehose can): CloudFormation cannot map roles in OpenSearch, so the delivery role
    // must be mapped by hand (`deliveryRoleNeedsMapping`).
    this.domain = props.domain ?? new SecureSearchDomain(this, 'Domain', {
      masterUserRole: props.masterUserRole,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    });
    if (!props.domain || props.domain instanceof SecureSearchDomain) {
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
      domainArn: this.domain.domainArn,
      settings,
      backupBucket: this.backupBucket,
      encryptionKey: props.encryptionKey,
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
    this.metrics = DeliveryStreamMetrics.ofCfn(delivery.deliveryStream, DestinationKind.OPENSEARCH);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createIndexAlarms({ alarms: this.alarmFactory, metrics: this.metrics, label: `OpenSearch index ${this.node.path}` },
        settings, this.readLagMetricName);
    }
  }

  /** The index's alarms. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /** Age of the oldest record not yet indexed, in seconds (`DeliveryToAmazonOpenSearchService.DataFreshness`). Maximum over 5 minutes by default. */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.dataFreshness(props);
  }

  /** Share of indexing requests that succeeded (`DeliveryToAmazonOpenSearchService.Success`). Minimum over 5 minutes by default. */
  public metricDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.deliverySuccess(props);
  }

  /** Documents indexed (`DeliveryToAmazonOpenSearchService.Records`). Sum over 5 minutes by default. */
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
   * 1 when the domain refused documents, which then go to the backup bucket
   * (`DeliveryToAmazonOpenSearchService.DeliveryRejected`). Maximum over 5 minutes by default.
   */
  public metricRejectedDeliveries(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.deliveryRejected(props);
  }

  /**
   * 1 when the domain refused the delivery role (`DeliveryToAmazonOpenSearchService.AuthFailure`):
   * not permitted, or with fine-grained access control, not mapped. Maximum over 5 minutes by default.
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
   * @returns undefined for a source Firehose publishes no read lag for (a Kafka topic)
   */
  public metricReadLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics.readLag(this.readLagMetricName, props);
  }

  /** Props that only apply in some setups: given elsewhere, they would silently do nothing. */
  private refuseIgnoredProps(props: IndexToOpenSearchProps): void {
    const ignored: Array<[boolean, string, string]> = [
      [!!props.backupBucket && !!props.accessLogsBucket, 'accessLogsBucket', 'applies to the backup bucket the index creates: set up access logs on your `backupBucket`'],
      [!!props.domain && !!props.masterUserRole, 'masterUserRole', 'applies to the domain the index creates: your `domain` has its own master user'],
    ];
    for (const [given, prop, why] of ignored) {
      if (given) {
        fail(this, `\`${prop}\` ${why}`);
      }
    }
    withPath(this, () => checkVpcPlacement(props, 'delivery'));
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
