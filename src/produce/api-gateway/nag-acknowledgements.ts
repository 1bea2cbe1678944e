import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
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

