import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as aoss from 'aws-cdk-lib/aws-opensearchserverless';
import { Construct, IConstruct } from 'constructs';
import { CollectionType, ServerlessCollectionAttributes, ServerlessCollectionProps } from './serverless-collection-props';
import { checkCollectionName, MAX_COLLECTION_NAME, MAX_POLICY_NAME, serverlessName } from './serverless-names';
import { encryptionPolicy, networkPolicy } from './serverless-policies';
import { fail, withPath } from '../../common/input-error';

/** An OpenSearch Serverless collection, of this app or imported. */
export interface IServerlessCollection extends IConstruct {
  /** Its name: data-access policies name it (`index/<name>/<index>`). */
  readonly collectionName: string;
  /** Its ARN: identity policies grant `aoss:APIAccessAll` on it. */
  readonly collectionArn: string;
  /** Its OpenSearch endpoint, where Firehose delivers. */
  readonly collectionEndpoint: string;
  /**
   * Whether it is reachable only through VPC endpoints.
   * @default - unknown (an imported collection without `vpcOnly`)
   */
  readonly vpcOnly?: boolean;
}

/**
 * An OpenSearch Serverless collection with the two security policies it cannot work
 * without, both scoped to it alone: an encryption policy (an AWS-owned key, or yours) and
 * a network policy (public, or only through your VPC endpoints), for the collection and
 * its Dashboards. Policy names derive from the construct path, so they stay valid (3–32
 * lower-case characters) and unique.
 *
 * Nobody may read or write it yet: access is granted by data-access policies
 * (`AWS::OpenSearchServerless::AccessPolicy`). `IndexToOpenSearch` adds one for its
 * delivery role; add your own for the people and applications that search it.
 *
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-manage.html
 */
export class ServerlessCollection extends Construct implements IServerlessCollection {
  /** A collection created elsewhere. */
  public static fromCollectionAttributes(scope: Construct, id: string, attrs: ServerlessCollectionAttributes): IServerlessCollection {
    class Imported extends Construct implements IServerlessCollection {
      public readonly collectionName = attrs.collectionName;
      public readonly collectionArn = attrs.collectionArn;
      public readonly collectionEndpoint = attrs.collectionEndpoint;
      public readonly vpcOnly = attrs.vpcOnly;
    }
    const imported = new Imported(scope, id);
    withPath(imported, () => checkCollectionName(attrs.collectionName));
    return imported;
  }

  public readonly collectionName: string;
  public readonly collectionArn: string;
  public readonly collectionEndpoint: string;
  /** Its OpenSearch Dashboards endpoint. */
  public readonly dashboardEndpoint: string;
  /** Its id. */
  public readonly collectionId: string;
  /** Whether it is reachable only through VPC endpoints (`vpcEndpointIds`). */
  public readonly vpcOnly?: boolean;
  /** What the collection is optimized for. */
  public readonly collectionType: CollectionType;
  /**
   * The key that encrypts it.
   * @default - an AWS-owned key
   */
  public readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: ServerlessCollectionProps = {}) {
    super(scope, id);
    const resourceName = props.collectionName ?? serverlessName(this, MAX_COLLECTION_NAME);
    withPath(this, () => checkCollectionName(resourceName));
    if (props.vpcEndpointIds && props.vpcEndpointIds.length === 0) {
      fail(this, '`vpcEndpointIds` must name at least one VPC endpoint, got none: omit it for a collection reachable from the internet');
    }
    this.collectionType = props.collectionType ?? CollectionType.SEARCH;
    this.encryptionKey = props.encryptionKey;
    this.vpcOnly = props.vpcEndpointIds !== undefined;

    const stack = Stack.of(this);
    const encryption = new aoss.CfnSecurityPolicy(this, 'EncryptionPolicy', {
      name: '',
      type: 'encryption',
      description: `Encryption at rest of collection ${resourceName} (${this.node.path})`,
      policy: stack.toJsonString(encryptionPolicy(resourceName, props.encryptionKey?.keyArn)),
    });
    encryption.name = serverlessName(encryption, MAX_POLICY_NAME);
    const network = new aoss.CfnSecurityPolicy(this, 'NetworkPolicy', {
      name: '',
      type: 'network',
      description: `Network access to collection ${resourceName} and its Dashboards (${this.node.path})`,
      policy: stack.toJsonString(networkPolicy(resourceName, props.vpcEndpointIds)),
    });
    network.name = serverlessName(network, MAX_POLICY_NAME);

    const collection = new aoss.CfnCollection(this, 'Resource', {
      name: resourceName,
      type: this.collectionType,
      description: `Collection of ${this.node.path}`,
    });
    // A collection is created only when an encryption policy covers its name.
    collection.node.addDependency(encryption, network);
    // The policies live as long as the collection: a retained collection keeps its encryption (which
    // OpenSearch Serverless will not delete while a collection uses it) and stays reachable.
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    for (const resource of [collection, encryption, network]) {
      resource.applyRemovalPolicy(removalPolicy);
    }

    this.collectionName = collection.name;
    this.collectionArn = collection.attrArn;
    this.collectionEndpoint = collection.attrCollectionEndpoint;
    this.dashboardEndpoint = collection.attrDashboardEndpoint;
    this.collectionId = collection.attrId;
  }
}
