import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * What a collection is optimized for. Set at creation only.
 *
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-overview.html#serverless-usecase
 */
export enum CollectionType {
  /** Full-text search and documents updated in place; supports every document API. */
  SEARCH = 'SEARCH',
  /**
   * Logs and events appended and read by time: cheaper storage, but documents cannot be
   * given ids, updated or deleted one by one.
   */
  TIME_SERIES = 'TIMESERIES',
}

/** Properties of a `ServerlessCollection`. */
export interface ServerlessCollectionProps {
  /**
   * The collection's name: 3–28 characters of a-z, 0-9 and -, starting with a letter,
   * unique in the account and Region. Changing it replaces the collection.
   * @default - a name derived from the construct path, with a hash of it
   */
  readonly collectionName?: string;

  /**
   * What the collection is optimized for.
   * @default CollectionType.SEARCH - every document API works
   */
  readonly collectionType?: CollectionType;

  /**
   * The KMS key that encrypts the collection at rest (its encryption policy). A
   * symmetric customer managed key; whoever deploys needs `kms:CreateGrant` and
   * `kms:DescribeKey` on it.
   * @default - an AWS-owned key
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-encryption.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The OpenSearch Serverless-managed VPC endpoints (`vpce-…`, from
   * `AWS::OpenSearchServerless::VpcEndpoint`) the collection and its Dashboards are
   * reachable through, and nothing else. Firehose then delivers from network interfaces
   * in that VPC (`IndexToOpenSearch`'s `vpc`).
   * @default - reachable from the internet (every request is still signed and authorized by a data-access policy)
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-network.html
   */
  readonly vpcEndpointIds?: string[];

  /**
   * What happens to the collection (and its documents) when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** What an existing collection is known by. */
export interface ServerlessCollectionAttributes {
  /** Its name. */
  readonly collectionName: string;
  /** Its ARN, `arn:aws:aoss:<region>:<account>:collection/<id>`. */
  readonly collectionArn: string;
  /** Its OpenSearch endpoint, `https://<id>.<region>.aoss.amazonaws.com`. */
  readonly collectionEndpoint: string;
  /**
   * Whether it is reachable only through VPC endpoints (its network policy), when known.
   * @default - unknown: Firehose delivers to its public endpoint unless `vpc` is given
   */
  readonly vpcOnly?: boolean;
}
