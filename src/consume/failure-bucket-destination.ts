import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { nagFindingText } from '../common/nag-finding';

/**
 * Where Lambda writes a given-up batch in an S3 on-failure destination:
 * `aws/lambda/<event source mapping UUID>/<shard id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>`.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export const FAILURE_OBJECTS_PREFIX = 'aws/lambda/';

/**
 * An S3 on-failure destination that grants the handler only what Lambda documents for
 * one: `s3:ListBucket` on the bucket and `s3:PutObject` under `aws/lambda/` (plus
 * `kms:GenerateDataKey` with a KMS-encrypted bucket), limited to the bucket's account as
 * AWS advises, so that a bucket deleted and re-created elsewhere under the same name
 * receives nothing. aws-cdk-lib's `S3OnFailureDestination` grants `grantReadWrite` on the
 * whole bucket instead, deletes included, to a function whose failures it keeps.
 *
 * The grant cannot name the mapping's UUID (the mapping needs the policy first), so it
 * covers every mapping's folder under `aws/lambda/`.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export class FailureBucketDestination implements lambda.IEventSourceDlq {
  constructor(private readonly bucket: s3.IBucket) {}

  public bind(mapping: lambda.IEventSourceMapping, handler: lambda.IFunction): lambda.DlqDestinationConfig {
    const objects = this.bucket.arnForObjects(`${FAILURE_OBJECTS_PREFIX}*`);
    const inAccount = { StringEquals: { 's3:ResourceAccount': this.bucket.env.account } };
    // Each action on what it applies to: ListBucket is a bucket action, PutObject an object action.
    let grant = iam.Grant.addToPrincipalOrResource({
      grantee: handler, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn], resource: this.bucket, conditions: inAccount,
    }).combine(iam.Grant.addToPrincipalOrResource({
      grantee: handler, actions: ['s3:PutObject'], resourceArns: [objects], resource: this.bucket, conditions: inAccount,
    }));
    const keyGrant = this.bucket.encryptionKey?.grant(handler, 'kms:GenerateDataKey');
    if (keyGrant) {
      grant = grant.combine(keyGrant);
    }
    // Lambda checks that it may write to the destination when it creates the mapping.
    grant.applyBefore(mapping);
    if (handler.role) {
      Validations.of(handler.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(handler).resolve(objects))}]`,
        reason: 'Lambda names each failure object after the event source mapping, shard, date and a random id: '
          + 's3:PutObject (and s3:ListBucket on the bucket) under aws/lambda/ only, in the bucket\'s account.',
      });
    }
    return { destination: this.bucket.bucketArn };
  }
}
