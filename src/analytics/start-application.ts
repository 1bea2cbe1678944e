import { ArnFormat, CfnResource, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  ALLOW_NON_RESTORED_STATE_PROPERTY, APPLICATION_NAME_PROPERTY, RESTORE_FROM_LATEST_SNAPSHOT_PROPERTY,
} from './start/start-handler';
import { StartApplicationIsCompleteFunction } from './start-application-is-complete-function';
import { StartApplicationOnEventFunction } from './start-application-on-event-function';
import { createWaitingCustomResource } from '../common/provider-framework';

/** The custom resource's type in the template. */
export const START_APPLICATION_RESOURCE_TYPE = 'Custom::FlinkStartApplication';

/**
 * How often isComplete asks Managed Flink whether the application is RUNNING. A start takes
 * minutes (the job manager and task managers are provisioned, the job restored and submitted),
 * so 30 s between looks costs little latency and few calls.
 */
export const START_QUERY_INTERVAL = Duration.seconds(30);

/**
 * How long the Provider waits for the application to be RUNNING before it fails the
 * deployment with its own timeout message. CloudFormation waits on a custom resource for at
 * most `ServiceTimeout` = 3,600 s and then fails it regardless, so a Provider timeout above
 * that would never be heard; 55 minutes leaves the Provider five to report its own, clearer
 * failure first. Managed Flink documents no upper bound for a start; a start that fails
 * returns the application to READY, which isComplete reports at once with the reason.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
 */
export const START_TOTAL_TIMEOUT = Duration.minutes(55);

/** Props of `StartApplication`. */
export interface StartApplicationProps {
  /**
   * The name of the Managed Flink application (usually `CfnApplication.ref`, a token).
   */
  readonly applicationName: string;

  /**
   * The application resource, when this stack creates it: the custom resource waits for it,
   * and so starts the application only once CloudFormation has created or updated it.
   *
   * @default - only the dependency that `applicationName` itself carries (none for a plain name)
   */
  readonly application?: CfnResource;

  /**
   * Whether a start restores the application's state from its latest snapshot. The handler
   * restores only when the application has snapshots on and a READY snapshot exists; a first
   * start, with no snapshot, skips the restore (`SKIP_RESTORE_FROM_SNAPSHOT`).
   *
   * @default true
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_ApplicationRestoreConfiguration.html
   */
  readonly restoreFromLatestSnapshot?: boolean;

  /**
   * Whether a restore may skip snapshot state that no longer maps to an operator of the job
   * (Flink's `AllowNonRestoredState`). Without it, a restore from a snapshot of a changed job
   * fails the start.
   *
   * @default false
   * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_FlinkRunConfiguration.html
   */
  readonly allowNonRestoredState?: boolean;

  /**
   * How long the handlers' log lines are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Starts a Managed Service for Apache Flink application once CloudFormation has created it,
 * and holds the deployment until it is RUNNING: CloudFormation leaves a new application READY
 * (stopped) by design, and `StartApplication` is an API call only.
 *
 * A custom resource of the custom-resources Provider framework, with an onEvent and an
 * isComplete handler shipped in this package (bundled when the library is built; the AWS SDK
 * comes from the Lambda runtime):
 * - Create: starts a READY application (restoring from the latest snapshot if there is one),
 *   waits for RUNNING, and fails the deployment with Managed Flink's reason if the start fails;
 *   an application already RUNNING is left alone.
 * - Update (its own properties changed): a RUNNING application is left alone (CloudFormation's
 *   update of the application restarts a running job itself); a READY one is started again.
 * - Delete: nothing; CloudFormation deletes the application, which stops it.
 *
 * Internal: StreamAnalytics builds it when `startAfterDeploy` is on.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_StartApplication.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesisanalyticsv2-application.html
 */
export class StartApplication extends Construct {
  /** The custom resource: whatever needs the job running depends on it. */
  public readonly resource: CustomResource;
  /** The role both handlers run with. */
  public readonly role: iam.IRole;
  /** The Provider framework behind the custom resource. */
  public readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, props: StartApplicationProps) {
    super(scope, id);

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Starts one Managed Flink application after deployment and waits until it runs',
    });
    for (const statement of startHandlerStatements(Stack.of(this), props.applicationName)) {
      role.addToPrincipalPolicy(statement);
    }
    this.role = role;

    const { provider, resource } = createWaitingCustomResource(this, {
      role,
      logRetention: props.logRetention,
      onEvent: {
        functionClass: StartApplicationOnEventFunction,
        description: 'Managed Flink start: sends StartApplication to a READY application',
      },
      isComplete: {
        functionClass: StartApplicationIsCompleteFunction,
        description: 'Managed Flink start: waits for the application to be RUNNING, fails with the reason',
      },
      queryInterval: START_QUERY_INTERVAL,
      totalTimeout: START_TOTAL_TIMEOUT,
      resourceType: START_APPLICATION_RESOURCE_TYPE,
      properties: {
        [APPLICATION_NAME_PROPERTY]: props.applicationName,
        [RESTORE_FROM_LATEST_SNAPSHOT_PROPERTY]: String(props.restoreFromLatestSnapshot ?? true),
        [ALLOW_NON_RESTORED_STATE_PROPERTY]: String(props.allowNonRestoredState ?? false),
      },
      dependsOn: props.application,
    });
    this.provider = provider;
    this.resource = resource;
  }
}

/**
 * What the handlers call, on that application only (the service authorization reference gives
 * every one of these actions the `application` resource type):
 * `DescribeApplication`, `StartApplication`, `ListApplicationSnapshots` (is there a snapshot to
 * restore from), `ListApplicationOperations` and `DescribeApplicationOperation` (why a start
 * failed).
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisanalyticsv2.html
 */
export function startHandlerStatements(stack: Stack, applicationName: string): iam.PolicyStatement[] {
  return [new iam.PolicyStatement({
    actions: [
      'kinesisanalytics:DescribeApplication',
      'kinesisanalytics:StartApplication',
      'kinesisanalytics:ListApplicationSnapshots',
      'kinesisanalytics:ListApplicationOperations',
      'kinesisanalytics:DescribeApplicationOperation',
    ],
    resources: [stack.formatArn({
      service: 'kinesisanalytics',
      resource: 'application',
      resourceName: applicationName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    })],
  })];
}
