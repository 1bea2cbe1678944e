/**
 * The policy documents of an OpenSearch Serverless collection, as the service reads them
 * (`Stack.toJsonString()` turns them into the `Policy` strings, tokens included).
 *
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-encryption.html
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-network.html
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-data-access.html
 */

/**
 * What Firehose needs in a collection's data-access policy, per its access-control guide:
 * create the index, update its mapping, and write documents. Nothing reads or deletes.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-serverless
 */
export const INDEX_WRITE_PERMISSIONS = ['aoss:CreateIndex', 'aoss:UpdateIndex', 'aoss:WriteDocument'];

/** The encryption policy of one collection: the AWS-owned key, or `kmsKeyArn`. */
export function encryptionPolicy(collectionName: string, kmsKeyArn?: string): Record<string, unknown> {
  const rules = [{ ResourceType: 'collection', Resource: [`collection/${collectionName}`] }];
  return kmsKeyArn ? { Rules: rules, AWSOwnedKey: false, KmsARN: kmsKeyArn } : { Rules: rules, AWSOwnedKey: true };
}

/**
 * The network policy of one collection, for its OpenSearch endpoint and its Dashboards
 * endpoint alike: from the internet (still signed requests only, which the data-access
 * policy authorizes), or only through the given OpenSearch Serverless VPC endpoints.
 */
export function networkPolicy(collectionName: string, vpcEndpointIds?: string[]): Array<Record<string, unknown>> {
  const resource = [`collection/${collectionName}`];
  const rules = [{ ResourceType: 'collection', Resource: resource }, { ResourceType: 'dashboard', Resource: resource }];
  return [vpcEndpointIds
    ? { Rules: rules, AllowFromPublic: false, SourceVPCEs: vpcEndpointIds }
    : { Rules: rules, AllowFromPublic: true }];
}

/**
 * The data-access policy that lets `principalArn` (a delivery role) create and write
 * exactly `indexName` in the collection: the index resource `index/<collection>/<index>`.
 * A Serverless destination has no index rotation, so the name is exact.
 */
export function indexWritePolicy(collectionName: string, indexName: string, principalArn: string,
  description: string): Array<Record<string, unknown>> {
  return [{
    Description: description,
    Rules: [{ ResourceType: 'index', Resource: [`index/${collectionName}/${indexName}`], Permission: INDEX_WRITE_PERMISSIONS }],
    Principal: [principalArn],
  }];
}
