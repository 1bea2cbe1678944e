import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** The actions of aws-cdk-lib's key encrypt grant that end in a wildcard, as cdk-nag's AwsSolutions-IAM5 names them. */
const KEY_ENCRYPT_WILDCARDS = ['kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 findings on a producer's role that come from
 * its write grant (`IWriterBinding.grantWrite()`): on a stream with a customer-managed
 * key, aws-cdk-lib's `grantEncrypt` on that one key, whose action names end in `*`.
 * Nothing is acknowledged for a grant without them.
 */
export function acknowledgeWriteGrant(role: IConstruct, grant: iam.Grant): void {
  const actions = new Set(grant.principalStatements.flatMap(s => s.actions));
  for (const action of KEY_ENCRYPT_WILDCARDS.filter(a => actions.has(a))) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: 'aws-cdk-lib\'s grantEncrypt on the stream\'s own key only: Kinesis encrypts each record put with it.',
    });
  }
}
