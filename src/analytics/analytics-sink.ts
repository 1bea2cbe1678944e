import { Arn, ArnFormat, IResource, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BUCKET_READ_WRITE_FINDINGS, resourceFinding } from './nag-acknowledgements';
import { InputError } from '../common/input-error';
import type { StreamingIngest } from '../ingest/streaming-ingest';

/**
 * The Region a sink is in, for its `aws.region` property: its ARN's when the ARN is known at
 * synth (an imported table or domain, which aws-cdk-lib places in the importing stack's Region
 * whatever the ARN says), else the resource's own.
 */
function regionOf(resource: IResource, arn: string): string {
  return Token.isUnresolved(arn) ? resource.env.region : Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region!;
}

/** The actions of aws-cdk-lib's key encrypt grants that end in a wildcard. */
const KEY_ENCRYPT_FINDINGS = ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'];

/** What a sink asks of the job that writes to it: `AnalyticsSink.bind()`. */
export interface AnalyticsSinkConfig {
  /** The entries of the sink's property group, `Sink.<name>`: `sink.type` and where to write. */
  readonly properties: { [key: string]: string };

  /**
   * The AWS services the job calls to write there (`kinesis`, `s3`, `dynamodb`, `glue`):
   * a job that runs in a VPC reaches them through VPC endpoints.
   */
  readonly services: string[];

  /**
   * The sink's network side, when it lives in a VPC (an OpenSearch domain placed in one):
   * a job in that VPC is let in on its default port. A job outside any VPC cannot reach it.
   * @default - the sink is reached through its service's regional endpoint
   */
  readonly connections?: ec2.IConnectable;

  /**
   * Whether the sink is reached over the internet or a VPC endpoint a job in a VPC cannot
   * get from the library (an OpenSearch domain outside any VPC): a job in a VPC then needs
   * a NAT gateway in its subnets.
   * @default false
   */
  readonly needsInternetFromVpc?: boolean;

  /**
   * The cdk-nag AwsSolutions-IAM5 findings the grants cause, as cdk-nag writes them inside
   * `AwsSolutions-IAM5[…]` (e.g. `Action::s3:List*`): the application acknowledges them on
   * its role with `wildcardReason`.
   * @default - none
   */
  readonly wildcardFindings?: string[];

  /**
   * Why `wildcardFindings` are safe.
   * @default - none
   */
  readonly wildcardReason?: string;
}

/** Options common to every sink. */
export interface AnalyticsSinkOptions {
  /**
   * The sink's name, unique per application: its property group is `Sink.<name>`
   * (1–45 characters of `a-z A-Z 0-9 _ . -`).
   * @default - the kind of sink: `stream`, `bucket`, `table` or `domain`
   */
  readonly name?: string;
}

/** Options of `AnalyticsSink.toBucket()`. */
export interface BucketSinkOptions extends AnalyticsSinkOptions {
  /**
   * The key prefix the job writes under: the grant covers these keys only.
   * @default - the whole bucket
   */
  readonly prefix?: string;
}

/** Options of `AnalyticsSink.toDomain()`. */
export interface DomainSinkOptions extends AnalyticsSinkOptions {
  /** The index the job writes documents to: lowercase, as OpenSearch requires. */
  readonly index: string;
}

/**
 * Where a `StreamAnalytics` job writes: a Kinesis stream (a `StreamingIngest` or any
 * stream), an S3 bucket, a DynamoDB table or an OpenSearch domain. Each is granted to the
 * application, least privilege, and described in a property group `Sink.<name>` that the
 * job reads at startup, so nothing about the sink is hard-coded in the job.
 */
export abstract class AnalyticsSink {
  /**
   * Records to a `StreamingIngest`: write on its stream, its key and its schema.
   * Properties: `sink.type` (`kinesis`), `stream.arn`, `stream.name`, `aws.region`.
   */
  public static toIngest(ingest: StreamingIngest, options: AnalyticsSinkOptions = {}): AnalyticsSink {
    return new StreamSink(ingest.stream, options.name, grantee => ingest.grantWrite(grantee), ingest.schema !== undefined);
  }

  /**
   * Records to a Kinesis stream: write on it and its key.
   * Properties: `sink.type` (`kinesis`), `stream.arn`, `stream.name`, `aws.region`.
   */
  public static toStream(stream: kinesis.IStream, options: AnalyticsSinkOptions = {}): AnalyticsSink {
    return new StreamSink(stream, options.name, grantee => stream.grantWrite(grantee));
  }

  /**
   * Files to an S3 bucket (Flink's FileSink), under a prefix. Read, write and delete on the
   * prefix's objects: Flink's S3 writer stages in-progress parts as objects it reads back on
   * recovery and removes once committed. Properties: `sink.type` (`s3`), `bucket.name`,
   * `bucket.arn`, `prefix`, `path` (`s3://<bucket>/<prefix>`, for a FileSink).
   */
  public static toBucket(bucket: s3.IBucket, options: BucketSinkOptions = {}): AnalyticsSink {
    return new BucketSink(bucket, options);
  }

  /**
   * Items to a DynamoDB table (the Flink DynamoDB sink's batch writes): write data and
   * describe. Properties: `sink.type` (`dynamodb`), `table.name`, `table.arn`, `aws.region`.
   */
  public static toTable(table: dynamodb.ITable, options: AnalyticsSinkOptions = {}): AnalyticsSink {
    return new TableSink(table, options.name);
  }

  /**
   * Documents to one index of an OpenSearch domain: HTTP POST and PUT on the index and on
   * `_bulk`, as the application's role: the job must sign its requests with SigV4 (the
   * stock Flink OpenSearch connector does not; plug in a request signer). With fine-grained access control,
   * also map the role to a backend role of the domain that may write the index.
   * Properties: `sink.type` (`opensearch`), `domain.endpoint` (`https://…`), `index`,
   * `aws.region`.
   */
  public static toDomain(domain: opensearch.IDomain, options: DomainSinkOptions): AnalyticsSink {
    return new DomainSink(domain, options);
  }

  /** The sink's name: its property group is `Sink.<name>`. */
  public abstract readonly sinkName: string;

  /** Grants the job what it needs to write, and says where the sink is. */
  public abstract bind(job: iam.IGrantable): AnalyticsSinkConfig;
}

class StreamSink extends AnalyticsSink {
  public readonly sinkName: string;

  constructor(private readonly stream: kinesis.IStream, name: string | undefined, private readonly grant: (g: iam.IGrantable) => iam.Grant,
    private readonly withSchema = false) {
    super();
    this.sinkName = name ?? 'stream';
  }

  public bind(job: iam.IGrantable): AnalyticsSinkConfig {
    this.grant(job);
    return {
      properties: {
        'sink.type': 'kinesis',
        'stream.arn': this.stream.streamArn,
        'stream.name': this.stream.streamName,
        'aws.region': this.stream.env.region,
      },
      // A registered schema: serializers look its version up in Glue.
      services: this.withSchema ? ['kinesis', 'glue'] : ['kinesis'],
      ...(this.stream.encryptionKey ? {
        wildcardFindings: KEY_ENCRYPT_FINDINGS,
        wildcardReason: 'aws-cdk-lib\'s grantWrite lets the job encrypt records with the sink stream\'s one key (kms:GenerateDataKey*, kms:ReEncrypt*).',
      } : {}),
    };
  }
}

class BucketSink extends AnalyticsSink {
  public readonly sinkName: string;

  constructor(private readonly bucket: s3.IBucket, private readonly options: BucketSinkOptions) {
    super();
    this.sinkName = options.name ?? 'bucket';
  }

  public bind(job: iam.IGrantable): AnalyticsSinkConfig {
    const prefix = this.options.prefix ?? '';
    this.bucket.grantReadWrite(job, `${prefix}*`);
    return {
      properties: {
        'sink.type': 's3',
        'bucket.name': this.bucket.bucketName,
        'bucket.arn': this.bucket.bucketArn,
        ...(prefix ? { prefix } : {}),
        'path': `s3://${this.bucket.bucketName}/${prefix}`,
      },
      services: ['s3'],
      wildcardFindings: [...BUCKET_READ_WRITE_FINDINGS, resourceFinding(this.bucket, this.bucket.arnForObjects(`${prefix}*`))],
      wildcardReason: `aws-cdk-lib's grantReadWrite on the sink bucket's objects under '${prefix}' only: Flink's S3 writer stages `
        + 'in-progress parts as objects it reads back on recovery and removes once committed.',
    };
  }
}

class TableSink extends AnalyticsSink {
  public readonly sinkName: string;

  constructor(private readonly table: dynamodb.ITable, name: string | undefined) {
    super();
    this.sinkName = name ?? 'table';
  }

  public bind(job: iam.IGrantable): AnalyticsSinkConfig {
    this.table.grantWriteData(job);
    return {
      properties: {
        'sink.type': 'dynamodb',
        'table.name': this.table.tableName,
        'table.arn': this.table.tableArn,
        'aws.region': regionOf(this.table, this.table.tableArn),
      },
      services: ['dynamodb'],
      ...(this.table.encryptionKey ? {
        wildcardFindings: KEY_ENCRYPT_FINDINGS,
        wildcardReason: 'aws-cdk-lib\'s grantWriteData lets the job use the sink table\'s one key.',
      } : {}),
    };
  }
}

/** OpenSearch index names: lowercase, none of `\ / * ? " < > | , #` or spaces, not starting with `_ - +`, at most 255 bytes. */
const INDEX_NAME = /^[a-z0-9][^A-Z\\/*?"<>|,# ]{0,254}$/;

class DomainSink extends AnalyticsSink {
  public readonly sinkName: string;

  constructor(private readonly domain: opensearch.IDomain, private readonly options: DomainSinkOptions) {
    super();
    this.sinkName = options.name ?? 'domain';
    const index = options.index;
    if (!Token.isUnresolved(index) && (!INDEX_NAME.test(index) || index === '.' || index === '..')) {
      throw new InputError('AnalyticsSink.toDomain(): `index` must be an OpenSearch index name (lowercase; none of \\ / * ? " < > | , # '
        + `or spaces; not starting with _ - or +; at most 255 characters), got '${index}'`);
    }
  }

  public bind(job: iam.IGrantable): AnalyticsSinkConfig {
    const { domainArn } = this.domain;
    const index = this.options.index;
    // POST and PUT only: aws-cdk-lib's grantIndexWrite and grantPathWrite add DELETE (of the whole index) and PATCH.
    iam.Grant.addToPrincipal({
      grantee: job,
      actions: ['es:ESHttpPost', 'es:ESHttpPut'],
      resourceArns: [`${domainArn}/${index}`, `${domainArn}/${index}/*`, `${domainArn}/_bulk`],
    });
    return {
      properties: {
        'sink.type': 'opensearch',
        'domain.endpoint': `https://${this.domain.domainEndpoint}`,
        'index': index,
        'aws.region': regionOf(this.domain, domainArn),
      },
      services: [],
      ...vpcSide(this.domain),
      wildcardFindings: [resourceFinding(this.domain, `${domainArn}/${index}/*`)],
      wildcardReason: `HTTP POST and PUT (es:ESHttpPost, es:ESHttpPut) on the documents of index '${index}' only.`,
    };
  }
}

/**
 * A domain placed in a VPC has security groups to open (aws-cdk-lib's `Domain.connections`
 * throws for any other). An imported domain's placement is unknown: it is taken as public.
 */
function vpcSide(domain: opensearch.IDomain): Pick<AnalyticsSinkConfig, 'connections' | 'needsInternetFromVpc'> {
  if (domain instanceof opensearch.Domain) {
    try {
      return { connections: domain.connections };
    } catch {
      return { needsInternetFromVpc: true };
    }
  }
  return { needsInternetFromVpc: true };
}
