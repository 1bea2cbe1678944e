import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { InputError } from '../../common/input-error';

/**
 * OpenSearch Serverless names: a collection's 3–28 characters, a policy's 3–32, each a
 * lower-case letter first, then lower-case letters, digits and hyphens, unique per
 * account and Region (per policy type for policies).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-opensearchserverless-collection.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-opensearchserverless-securitypolicy.html
 */
export const MAX_COLLECTION_NAME = 28;
export const MAX_POLICY_NAME = 32;
/** Characters of the path's hash at the end of a generated name. */
const HASH_LENGTH = 8;

/** Refuses a collection name OpenSearch Serverless would refuse (a token passes). */
export function checkCollectionName(name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!new RegExp(`^[a-z][a-z0-9-]{2,${MAX_COLLECTION_NAME - 1}}$`).test(name)) {
    throw new InputError(`\`collectionName\` must be 3-${MAX_COLLECTION_NAME} characters of a-z, 0-9 and -, starting with a letter, got '${name}'`);
  }
}

/**
 * A name for `construct` that OpenSearch Serverless accepts and that stays the same as
 * long as the construct's path does: the path's innermost parts that fit, in lower case,
 * then a hash of the whole path (the construct's address), within `maxLength`. Two constructs never
 * share one, so two apps in one account do not collide unless their paths are equal.
 */
export function serverlessName(construct: IConstruct, maxLength: number): string {
  const hash = construct.node.addr.slice(0, HASH_LENGTH);
  const room = maxLength - HASH_LENGTH - 1;
  const parts = construct.node.scopes.slice(1).map(s => s.node.id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(part => part.length > 0);
  // The innermost parts say the most: drop outer ones while too long, then cut the rest.
  while (parts.length > 1 && parts.join('-').length > room) {
    parts.shift();
  }
  const head = parts.join('-').slice(0, room).replace(/^[^a-z]+/, '').replace(/-+$/, '');
  return `${head || 'os'}-${hash}`;
}
