import { Stack } from 'aws-cdk-lib';
import * as aoss from 'aws-cdk-lib/aws-opensearchserverless';
import { Construct } from 'constructs';
import { IServerlessCollection } from './serverless-collection';
import { MAX_POLICY_NAME, serverlessName } from './serverless-names';
import { indexWritePolicy } from './serverless-policies';
import { DeliveryRole } from '../../firehose/delivery-role';

/**
 * Lets `role` index into `indexName` of `collection`, the two ways OpenSearch Serverless
 * asks for: `aoss:APIAccessAll` on the collection in the role's identity policy, and a
 * data-access policy (`id`, in `scope`, named from its path) allowing it to create,
 * update and write that index. Works the same for an imported collection. Returns the
 * data-access policy, which delivery must wait for.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-serverless
 */
export function grantCollectionIndexWrite(scope: Construct, id: string, collection: IServerlessCollection,
  indexName: string, role: DeliveryRole): aoss.CfnAccessPolicy {
  role.grantOpenSearchCollection(collection.collectionArn);
  const policy = new aoss.CfnAccessPolicy(scope, id, {
    name: '',
    type: 'data',
    description: `Firehose delivery of ${scope.node.path} writes index ${indexName}`,
    policy: Stack.of(scope).toJsonString(indexWritePolicy(collection.collectionName, indexName, role.role.roleArn,
      `Firehose delivery of ${scope.node.path}`)),
  });
  policy.name = serverlessName(policy, MAX_POLICY_NAME);
  return policy;
}
