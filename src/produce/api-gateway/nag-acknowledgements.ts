import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag AwsSolutions-APIG3 (a WAFv2 web ACL on the stage) when none is
 * given: what WAF would add is already there for a producer API, and a web ACL costs
 * per month and per request; give `webAclArn` to meet the rule instead.
 */
export function acknowledgeNoWebAcl(stage: IConstruct): void {
  Validations.of(stage).acknowledge({
    id: 'AwsSolutions-APIG3',
    reason: 'A producer API accepts only authorized callers (IAM by default), only bodies that match its request model, at a '
      + 'throttled rate per method; associate a web ACL with `webAclArn` where the API faces untrusted networks.',
  });
}

/**
 * Acknowledges cdk-nag AwsSolutions-COG4 (a Cognito user pool authorizer) on a method
 * authorized otherwise: producers are usually services, which sign with IAM, not users.
 */
export function acknowledgeMethodAuthorization(method: IConstruct, authorizer: apigateway.IAuthorizer | undefined): void {
  const type = authorizer ? authorizer.authorizationType : apigateway.AuthorizationType.IAM;
  if (type === apigateway.AuthorizationType.COGNITO) {
    return;
  }
  Validations.of(method).acknowledge({
    id: 'AwsSolutions-COG4',
    reason: authorizer
      ? 'The method is authorized by the given Lambda authorizer, which decides who may put records.'
      : 'The method is authorized by IAM: callers sign requests with SigV4 and need execute-api:Invoke on it; producers are '
        + 'services and devices with IAM credentials rather than Cognito users.',
  });
}

/**
 * Acknowledges cdk-nag AwsSolutions-IAM5 on the wildcard actions of the write grant
 * (`kms:ReEncrypt*`, `kms:GenerateDataKey*`: aws-cdk-lib's encrypt grant on the stream's
 * own key, which Kinesis calls to encrypt records the role puts). Only the actions the
 * grant has are acknowledged: none for a stream without a customer-managed key.
 */
export function acknowledgeKeyWildcards(role: IConstruct, grant: iam.Grant): void {
  const actions = new Set(grant.principalStatements.flatMap(s => s.actions).filter(a => a.startsWith('kms:') && a.endsWith('*')));
  for (const action of actions) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: 'aws-cdk-lib\'s encrypt grant on the stream\'s own key, scoped to that key: Kinesis uses it to encrypt the records '
        + 'the role puts.',
    });
  }
}
