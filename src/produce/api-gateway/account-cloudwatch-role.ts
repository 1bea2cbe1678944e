import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

/** Id of the stack's one holder of the account's CloudWatch role for API Gateway. */
const ID = 'ApiGatewayAccountLogsRole';
const MANAGED_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

/**
 * The account's CloudWatch Logs role for API Gateway (`AWS::ApiGateway::Account`), which
 * a stage needs before it can write execution logs: one per stack, shared by every
 * producer API in it, and retained with its role when the stack is deleted (other APIs
 * of the account may log through it). The role has AWS's managed policy for exactly
 * this (cdk-nag AwsSolutions-IAM4 acknowledged with that reason).
 *
 * @returns the account setting, for the stage to depend on
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export function accountCloudWatchRole(scope: Construct): IConstruct {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(ID);
  if (existing) {
    return existing.node.findChild('Account');
  }
  const holder = new Construct(stack, ID);
  const role = new iam.Role(holder, 'Role', {
    assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    description: 'API Gateway writes execution and access logs of the account\'s REST APIs to CloudWatch Logs',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(MANAGED_POLICY)],
  });
  role.applyRemovalPolicy(RemovalPolicy.RETAIN);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${MANAGED_POLICY}]`,
    reason: 'AWS\'s managed policy for the account\'s API Gateway logging role is the documented one, kept current by AWS; '
      + 'the role can be assumed by API Gateway only.',
  });
  const account = new apigateway.CfnAccount(holder, 'Account', { cloudWatchRoleArn: role.roleArn });
  account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return account;
}
