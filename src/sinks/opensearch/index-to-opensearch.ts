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
import { DeliveryStreamMetrics } from '../../firehose/delivery-stream-metrics';
import { DestinationKind } from '../../firehose/destination-kind';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { StreamReadMode } from '../../source/read-mode';
import { defaultReaderName } from '../../source/reader-name';

/**
 * Every record of a stream or topic indexed into OpenSearch Service: Firehose reads the
 * source as one of its polling readers and indexes each record as a document, into a
 * new `SecureSearchDomain` or a domain of yours, with the documents it cannot index kept
 * in an S3 backup bucket and alarms on freshness, failed deliveries and the backup.
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
   * Firehose's network interfaces in the domain's VPC: open the domain's security group to
   * them on 443 when the domain is not a `Domain` of this app.
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
    this.domain = props.domain ?? new SecureSearchDomain(this, 'Domain', {
      // CloudFormation cannot map a role in OpenSearch's security plugin: the delivery role is the master user.
      masterUserRole: role.role,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    });
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
    this.connections = delivery.connections;
    if (this.connections && this.domain instanceof opensearch.Domain) {
      this.domain.connections.allowFrom(this.connections, ec2.Port.tcp(443), `Firehose delivery of ${this.node.path}`);
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
   * Records written to the backup bucket (`DeliveryToS3.Records`): with
   * `FAILED_DOCUMENTS_ONLY`, the documents that could not be indexed. Sum over 5 minutes by default.
   */
  public metricBackupRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.s3DeliveryRecords(props);
  }

  /** Share of writes to the backup bucket that succeeded (`DeliveryToS3.Success`). Minimum over 5 minutes by default. */
  public metricBackupSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.s3DeliverySuccess(props);
  }

  /** Records refused by the delivery stream's quota (`ThrottledRecords`). Sum over 5 minutes by default. */
  public metricThrottledRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.throttledRecords(props);
  }

  /**
   * How far behind the source Firehose reads, in ms (`KinesisMillisBehindLatest`). Maximum over 5 minutes by default.
   * @returns undefined for a source Firehose publishes no read lag for (a Kafka topic)
   */
  public metricReadLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.readLagMetricName ? this.metrics.metric(this.readLagMetricName, 'Maximum', props) : undefined;
  }

  /** Props that only apply in some setups: given elsewhere, they would silently do nothing. */
  private refuseIgnoredProps(props: IndexToOpenSearchProps): void {
    const ignored: Array<[boolean, string, string]> = [
      [!!props.backupBucket && !!props.accessLogsBucket, 'accessLogsBucket', 'applies to the backup bucket the index creates: set up access logs on your `backupBucket`'],
      [!props.vpc && props.vpcSubnets !== undefined, 'vpcSubnets', 'applies to delivery in a `vpc`, and there is none'],
      [!props.vpc && props.securityGroups !== undefined, 'securityGroups', 'applies to delivery in a `vpc`, and there is none'],
    ];
    for (const [given, prop, why] of ignored) {
      if (given) {
        fail(this, `\`${prop}\` ${why}`);
      }
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
