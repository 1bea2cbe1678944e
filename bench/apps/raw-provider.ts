/**
 * What the raw apps' custom resources share: the cdk-nag acknowledgements on what
 * aws-cdk-lib's custom-resources Provider framework creates. Nothing is imported from src/.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';

/**
 * The cdk-nag findings on aws-cdk-lib's Provider framework, acknowledged as the library
 * does: shared by the raw apps' waiting custom resources (MSK multi-VPC connectivity in
 * raw-kafka-cluster.ts, the Managed Flink start in raw-stream-analytics.ts, the warehouse's
 * Redshift SQL in raw-warehouse.ts, the DMS task start in raw-dms.ts).
 */
export function acknowledgeProvider(provider: cr.Provider): void {
  const arnOf = (fn: lambda.IFunction) => {
    const cfn = fn.node.defaultChild as lambda.CfnFunction;
    return `<${Stack.of(cfn).getLogicalId(cfn)}.Arn>`;
  };
  const handlers = [provider.onEventHandler, provider.isCompleteHandler!];
  for (const id of ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout']) {
    const role = (provider.node.findChild(id) as lambda.Function).role!;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'aws-cdk-lib\'s Provider framework gives its functions AWSLambdaBasicExecutionRole, which only lets them write their own logs.',
    });
    for (const fn of handlers) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`,
        reason: 'Each function of the Provider framework may invoke the onEvent and isComplete handlers (aws-cdk-lib\'s grantInvoke).',
      });
    }
  }
  const waiter = provider.node.findChild('waiter-state-machine');
  const waiterRole = waiter.node.findChild('Role');
  for (const id of ['framework-isComplete', 'framework-onTimeout']) {
    Validations.of(waiterRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnOf(provider.node.findChild(id) as lambda.Function)}:*]`,
      reason: 'The Provider\'s waiter state machine invokes the framework\'s isComplete and onTimeout functions (aws-cdk-lib\'s grantInvoke).',
    });
  }
  Validations.of(waiterRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'aws-cdk-lib grants a logging state machine the CloudWatch Logs delivery actions, which support no resource-level permission.',
  });
  Validations.of(waiter).acknowledge({
    id: 'AwsSolutions-SF2',
    reason: 'aws-cdk-lib\'s Provider framework offers no X-Ray tracing for its waiter state machine; it logs every event instead (SF1).',
  });
}
