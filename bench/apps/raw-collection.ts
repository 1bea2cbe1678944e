/**
 * The raw sinks pair's OpenSearch Serverless collection: what the library's
 * `ServerlessCollection` ('Support', a SEARCH collection with the defaults) creates,
 * written by hand with aws-cdk-lib's L1 constructs (there is no L2): the encryption policy
 * (an AWS-owned key), the network policy (public, the collection and its Dashboards) and
 * the collection, created after both and all three kept on stack deletion.
 *
 * Names are at most 28 (collection) and 32 (policies) characters, a readable part and the
 * first 8 characters of the construct's address, as the library derives them; written out
 * here. Nothing is imported from src/ or examples/.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as aoss from 'aws-cdk-lib/aws-opensearchserverless';
import { Construct } from 'constructs';

/** Adds a public SEARCH collection encrypted with an AWS-owned key as construct `id` under `scope`. */
export function addCollection(scope: Construct, id: string): aoss.CfnCollection {
  const owner = new Construct(scope, id);
  const stack = Stack.of(owner);
  const hash = (c: Construct) => c.node.addr.slice(0, 8);
  const name = `${id.toLowerCase()}-${hash(owner)}`;
  const collection = [{ ResourceType: 'collection', Resource: [`collection/${name}`] }];

  const encryption = new aoss.CfnSecurityPolicy(owner, 'EncryptionPolicy', {
    name: '',
    type: 'encryption',
    description: `Encryption at rest of collection ${name} (${owner.node.path})`,
    policy: stack.toJsonString({ Rules: collection, AWSOwnedKey: true }),
  });
  encryption.name = `encryptionpolicy-${hash(encryption)}`;
  const network = new aoss.CfnSecurityPolicy(owner, 'NetworkPolicy', {
    name: '',
    type: 'network',
    description: `Network access to collection ${name} and its Dashboards (${owner.node.path})`,
    policy: stack.toJsonString([{
      Rules: [...collection, { ResourceType: 'dashboard', Resource: [`collection/${name}`] }],
      AllowFromPublic: true,
    }]),
  });
  network.name = `${id.toLowerCase()}-networkpolicy-${hash(network)}`;

  const resource = new aoss.CfnCollection(owner, 'Resource', {
    name,
    type: 'SEARCH',
    description: `Collection of ${owner.node.path}`,
  });
  // Created only once an encryption policy covers its name.
  resource.node.addDependency(encryption, network);
  for (const r of [resource, encryption, network]) {
    r.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
  return resource;
}
