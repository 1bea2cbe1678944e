import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct, IDependable } from 'constructs';
import { nagFindingText } from './nag-finding';

/**
 * CloudFormation's maximum (and default) wait on a custom resource (`ServiceTimeout`,
 * 3,600 s). A Provider's total timeout must stay below it, or CloudFormation fails the
 * resource first with a bare timeout and the Provider's clearer message is never heard.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
 */
export const CUSTOM_RESOURCE_SERVICE_TIMEOUT = Duration.hours(1);

/** A function class projen generates for a handler's `*.lambda.ts` entry point. */
export type HandlerFunctionClass = new (scope: Construct, id: string, props?: lambda.FunctionOptions) => lambda.Function;

/** One handler of a waiting custom resource: its generated class and what it does. */
export interface WaitingHandler {
  /** The generated function class. */
  readonly functionClass: HandlerFunctionClass;
  /** The function's description. */
  readonly description: string;
}

/** Props of `createWaitingCustomResource`. */
export interface WaitingCustomResourceProps {
  /** The role both handlers run with; it is granted write to their log group. */
  readonly role: iam.IRole;
  /**
   * How long the handlers', the Provider's and the waiter's log lines are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /** The handler that starts the change. */
  readonly onEvent: WaitingHandler;
  /** The handler the Provider asks, every `queryInterval`, whether the change is done. */
  readonly isComplete: WaitingHandler;
  /** How often the Provider calls isComplete. */
  readonly queryInterval: Duration;
  /** How long the Provider waits: keep it below `CUSTOM_RESOURCE_SERVICE_TIMEOUT`, or its message is never heard. */
  readonly totalTimeout: Duration;
  /** The custom resource's type in the template (`Custom::…`). */
  readonly resourceType: string;
  /** The custom resource's properties, which the handlers read. */
  readonly properties: Record<string, unknown>;
  /**
   * What the custom resource waits for (the resource it acts on, when the stack creates it).
   *
   * @default - only the dependencies that `properties` carry
   */
  readonly dependsOn?: IDependable;
}

/** What `createWaitingCustomResource` builds. */
export interface WaitingCustomResource {
  /** The Provider framework behind the custom resource. */
  readonly provider: cr.Provider;
  /** The custom resource. */
  readonly resource: CustomResource;
}

/**
 * Builds, directly in `scope`, one of the library's custom resources that hold the deployment
 * until a change is done (MSK multi-VPC connectivity, the Managed Flink start), so they share
 * one setup: an onEvent and an isComplete handler (arm64, 256 MB, 1 minute) logging to
 * `HandlerLogs`; a Provider that logs to `ProviderLogs` and whose waiter state machine logs
 * every state to `WaiterLogs` (cdk-nag SF1) but not the execution data; the cdk-nag findings on
 * the framework acknowledged (`acknowledgeProviderFramework`); and the custom resource with
 * CloudFormation's full hour (`CUSTOM_RESOURCE_SERVICE_TIMEOUT`).
 *
 * The construct ids (`HandlerLogs`, `OnEvent`, `IsComplete`, `ProviderLogs`, `WaiterLogs`,
 * `Provider`, `Resource`) make the resources' logical ids in deployed stacks: renaming one
 * replaces that resource on the next deployment.
 */
export function createWaitingCustomResource(scope: Construct, props: WaitingCustomResourceProps): WaitingCustomResource {
  const retention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
  const logGroup = new logs.LogGroup(scope, 'HandlerLogs', { retention, removalPolicy: RemovalPolicy.DESTROY });
  logGroup.grantWrite(props.role);
  const handlerOptions: lambda.FunctionOptions = {
    role: props.role,
    logGroup,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: Duration.minutes(1),
  };
  const onEvent = new props.onEvent.functionClass(scope, 'OnEvent', { ...handlerOptions, description: props.onEvent.description });
  const isComplete = new props.isComplete.functionClass(scope, 'IsComplete', { ...handlerOptions, description: props.isComplete.description });

  const provider = new cr.Provider(scope, 'Provider', {
    onEventHandler: onEvent,
    isCompleteHandler: isComplete,
    queryInterval: props.queryInterval,
    totalTimeout: props.totalTimeout,
    logGroup: new logs.LogGroup(scope, 'ProviderLogs', { retention, removalPolicy: RemovalPolicy.DESTROY }),
    // cdk-nag SF1: every state of the wait. Without the execution data: the event carries
    // CloudFormation's presigned response URL, which must not sit in a log.
    disableWaiterStateMachineLogging: false,
    waiterStateMachineLogOptions: {
      destination: new logs.LogGroup(scope, 'WaiterLogs', { retention, removalPolicy: RemovalPolicy.DESTROY }),
      level: sfn.LogLevel.ALL,
      includeExecutionData: false,
    },
  });
  acknowledgeProviderFramework(provider);

  const resource = new CustomResource(scope, 'Resource', {
    serviceToken: provider.serviceToken,
    resourceType: props.resourceType,
    serviceTimeout: CUSTOM_RESOURCE_SERVICE_TIMEOUT,
    properties: props.properties,
  });
  if (props.dependsOn) {
    resource.node.addDependency(props.dependsOn);
  }
  return { provider, resource };
}

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
