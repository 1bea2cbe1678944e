import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { nagFindingText } from './nag-finding';

/**
 * CloudFormation's maximum (and default) wait on a custom resource (`ServiceTimeout`,
 * 3,600 s). A Provider's total timeout must stay below it, or CloudFormation fails the
 * resource first with a bare timeout and the Provider's clearer message is never heard.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
 */
export const CUSTOM_RESOURCE_SERVICE_TIMEOUT = Duration.hours(1);

/** The Provider framework's own functions, which aws-cdk-lib creates with fixed ids. */
const FRAMEWORK_FUNCTIONS = ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout'];

/**
 * Acknowledges the cdk-nag AwsSolutions findings on what aws-cdk-lib's custom-resources
 * Provider framework creates and this library cannot change (the library's own custom
 * resources: MSK multi-VPC connectivity, the Managed Flink start):
 * - IAM4 on its three functions' roles: aws-cdk-lib attaches AWSLambdaBasicExecutionRole;
 * - IAM5 on `lambda:InvokeFunction` of `<function ARN>:*`: aws-cdk-lib grants `grantInvoke`,
 *   which covers the function's versions and aliases (the framework invokes the handlers, the
 *   waiter state machine invokes the framework's isComplete and onTimeout);
 * - IAM5 on `Resource::*` of the waiter state machine's role: the CloudWatch Logs delivery
 *   actions a logging state machine needs take no resource ARN;
 * - SF2 on the waiter state machine: the Provider offers no X-Ray tracing option.
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources-readme.html#provider-framework
 */
export function acknowledgeProviderFramework(provider: cr.Provider): void {
  for (const id of FRAMEWORK_FUNCTIONS) {
    const fn = provider.node.tryFindChild(id) as lambda.Function | undefined;
    if (fn?.role) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'aws-cdk-lib\'s Provider framework gives its functions AWSLambdaBasicExecutionRole, which only lets them write their own logs.',
      });
    }
  }
  const handlers = [provider.onEventHandler, provider.isCompleteHandler].filter((f): f is lambda.IFunction => f !== undefined);
  for (const id of FRAMEWORK_FUNCTIONS) {
    const fn = provider.node.tryFindChild(id) as lambda.Function | undefined;
    if (fn?.role) {
      acknowledgeInvokeWildcards(fn.role, handlers,
        'Each function of the Provider framework may invoke the onEvent and isComplete handlers (aws-cdk-lib\'s grantInvoke: the functions and their versions).');
    }
  }
  const waiter = provider.node.tryFindChild('waiter-state-machine');
  const waiterRole = waiter?.node.tryFindChild('Role');
  if (waiter && waiterRole) {
    const frameworkFunctions = ['framework-isComplete', 'framework-onTimeout']
      .map(id => provider.node.tryFindChild(id) as lambda.IFunction | undefined)
      .filter((f): f is lambda.IFunction => f !== undefined);
    acknowledgeInvokeWildcards(waiterRole, frameworkFunctions,
      'The Provider\'s waiter state machine invokes the framework\'s isComplete and onTimeout functions (aws-cdk-lib\'s grantInvoke).');
    Validations.of(waiterRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'aws-cdk-lib grants a logging state machine the CloudWatch Logs delivery actions (logs:CreateLogDelivery, '
        + 'logs:DescribeResourcePolicies, …), which support no resource-level permission.',
    });
    Validations.of(waiter).acknowledge({
      id: 'AwsSolutions-SF2',
      reason: 'aws-cdk-lib\'s Provider framework offers no X-Ray tracing for its waiter state machine; it logs every event instead (SF1).',
    });
  }
}

function acknowledgeInvokeWildcards(role: IConstruct, functions: lambda.IFunction[], reason: string): void {
  for (const fn of functions) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(role).resolve(fn.functionArn))}:*]`,
      reason,
    });
  }
}
