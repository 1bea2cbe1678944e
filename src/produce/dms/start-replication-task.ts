import * as crypto from 'crypto';
import { CustomResource, Duration, Validations } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CONFIGURATION_DIGEST_PROPERTY, TASK_ARN_PROPERTY } from './start/task-start-handler';
import { StartReplicationTaskIsCompleteFunction } from './start-replication-task-is-complete-function';
import { StartReplicationTaskOnEventFunction } from './start-replication-task-on-event-function';
import { createWaitingCustomResource } from '../../common/provider-framework';

/** The custom resource's type in the template. */
export const START_REPLICATION_TASK_RESOURCE_TYPE = 'Custom::DmsStartReplicationTask';

/**
 * How often isComplete asks DMS whether the task runs: a start connects to both endpoints
 * and applies the table mappings, which takes a minute or more.
 */
export const START_TASK_QUERY_INTERVAL = Duration.seconds(30);

/**
 * How long the Provider waits for the task to run (or, on Delete, to stop) before it fails
 * the deployment itself: below CloudFormation's one-hour wait on a custom resource, so that
 * the Provider's message is the one heard. DMS documents no upper bound for a start.
 */
export const START_TASK_TOTAL_TIMEOUT = Duration.minutes(55);

/** Props of `StartReplicationTask`. */
export interface StartReplicationTaskProps {
  /** The task to start. */
  readonly task: dms.CfnReplicationTask;

  /**
   * What CloudFormation would modify on the task (its table mappings and settings): a digest
   * of it is a property of the custom resource, so a change is an Update that resumes a task
   * stopped for it.
   */
  readonly configuration: Record<string, unknown>;

  /**
   * How long the handlers' log lines are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Starts a DMS replication task once CloudFormation has created it, holds the deployment
 * until it runs, and stops it before CloudFormation deletes it: CloudFormation creates a task
 * `ready` and never starts it (`StartReplicationTask` is an API call only), and DMS refuses
 * to delete a running task.
 *
 * A custom resource of the custom-resources Provider framework, with an onEvent and an
 * isComplete handler shipped in this package (bundled when the library is built; the AWS SDK
 * comes from the Lambda runtime). See `start/task-start-handler` for what each event does.
 * The custom resource depends on the task: it is created after it, and deleted before it.
 *
 * Internal: `DmsProducer` builds it when `startAfterDeploy` is on.
 */
export class StartReplicationTask extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;
  /** The role both handlers run with. */
  public readonly role: iam.IRole;
  /** The Provider framework behind the custom resource. */
  public readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, props: StartReplicationTaskProps) {
    super(scope, id);

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Starts one DMS replication task after deployment and stops it before deletion',
    });
    for (const statement of startTaskStatements(props.task.ref)) {
      role.addToPrincipalPolicy(statement);
    }
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dms:DescribeReplicationTasks supports no resource-level permission (the service authorization reference lists no '
        + 'resource type for it); the handler filters by the one task\'s ARN. Starting and stopping are granted on that task only.',
    });
    this.role = role;

    const digest = crypto.createHash('sha256').update(JSON.stringify(props.configuration)).digest('hex');
    const { provider, resource } = createWaitingCustomResource(this, {
      role,
      logRetention: props.logRetention,
      onEvent: {
        functionClass: StartReplicationTaskOnEventFunction,
        description: 'DMS task start: starts or resumes the replication task; stops it on delete',
      },
      isComplete: {
        functionClass: StartReplicationTaskIsCompleteFunction,
        description: 'DMS task start: waits for the task to run (or stop, on delete), fails with the reason',
      },
      queryInterval: START_TASK_QUERY_INTERVAL,
      totalTimeout: START_TASK_TOTAL_TIMEOUT,
      resourceType: START_REPLICATION_TASK_RESOURCE_TYPE,
      properties: {
        [TASK_ARN_PROPERTY]: props.task.ref,
        [CONFIGURATION_DIGEST_PROPERTY]: digest,
      },
      dependsOn: props.task,
    });
    this.provider = provider;
    this.resource = resource;
    // The handler's policy must outlive the custom resource's Delete, which stops the task.
    resource.node.addDependency(role);
  }
}

/**
 * What the handlers call: `DescribeReplicationTasks` (no resource-level permission: `*`),
 * and `StartReplicationTask` and `StopReplicationTask` on the one task.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsdatabasemigrationservice.html
 */
export function startTaskStatements(taskArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['dms:DescribeReplicationTasks'], resources: ['*'] }),
    new iam.PolicyStatement({ actions: ['dms:StartReplicationTask', 'dms:StopReplicationTask'], resources: [taskArn] }),
  ];
}
