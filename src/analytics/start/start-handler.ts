/**
 * The logic of `StartApplication`'s custom resource: start a Managed Service for Apache Flink
 * application once CloudFormation has created it (CloudFormation leaves it READY by design),
 * and hold the deployment until it is RUNNING, or fail it with the reason Managed Flink gives.
 *
 * Plain functions over an injected `FlinkControl`, so that tests run them against a fake
 * application; the `*.lambda.ts` entries give them the AWS SDK's client.
 *
 * - Create and Update: describe the application.
 *   - RUNNING: nothing to do. On Update this is the rule "leave a running application alone":
 *     CloudFormation's own update of the application (UpdateApplication) restarts a running
 *     job with the new code and configuration itself.
 *   - READY: `StartApplication`, restoring from the latest snapshot when the application has
 *     snapshots on and a READY snapshot exists (and `RestoreFromLatestSnapshot` is not off),
 *     otherwise skipping the restore. On Update, a READY application was stopped by someone,
 *     or left stopped: the stack says it should run (`startAfterDeploy`), so it is started
 *     again. To keep an application stopped, leave the start out of the stack.
 *   - STARTING: already on its way; isComplete waits.
 *   - UPDATING, AUTOSCALING, MAINTENANCE, ROLLING_BACK, STOPPING, FORCE_STOPPING: busy;
 *     isComplete waits until it settles, then starts it if it is READY.
 *   - DELETING, ROLLED_BACK: fails (ROLLED_BACK means Managed Flink's system rollback undid
 *     an update that failed: a deployment that leaves the job on the previous version is not
 *     a success).
 * - isComplete: done when RUNNING. READY again after a start means the start failed (Managed
 *   Flink returns a failed application to READY): the error names the failed operation and
 *   the `ErrorString` that `DescribeApplicationOperation` gives for it.
 * - Delete: nothing. CloudFormation deletes the application, which stops it.
 *
 * The custom resource sees an Update only when its own properties change (the application's
 * name, the run options), not on every change of the application.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_StartApplication.html
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_DescribeApplication.html
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_ListApplicationOperations.html
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_DescribeApplicationOperation.html
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-snapshots.html
 */
import type {
  ApplicationDetail, ApplicationOperationInfo, ApplicationOperationInfoDetails, RunConfiguration,
  SnapshotDetails, StartApplicationRequest,
} from '@aws-sdk/client-kinesis-analytics-v2';

/** The custom resource's property naming the application. */
export const APPLICATION_NAME_PROPERTY = 'ApplicationName';
/** `'true'` (default) or `'false'`: restore from the latest snapshot when one exists. */
export const RESTORE_FROM_LATEST_SNAPSHOT_PROPERTY = 'RestoreFromLatestSnapshot';
/** `'true'` or `'false'` (default): Flink's `AllowNonRestoredState` when restoring. */
export const ALLOW_NON_RESTORED_STATE_PROPERTY = 'AllowNonRestoredState';

/** What the handlers call on Managed Flink: the SDK's client in Lambda (`sdkFlinkControl`), a fake in tests. */
export interface FlinkControl {
  /** `DescribeApplication`: the application's `ApplicationDetail`. */
  describeApplication(applicationName: string): Promise<ApplicationDetail>;
  /** `StartApplication`: returns the operation's id. */
  startApplication(request: StartApplicationRequest): Promise<string | undefined>;
  /** `ListApplicationSnapshots`, every page. */
  listSnapshots(applicationName: string): Promise<SnapshotDetails[]>;
  /** `ListApplicationOperations`, the first page (the most recent operations). */
  listOperations(applicationName: string): Promise<ApplicationOperationInfo[]>;
  /** `DescribeApplicationOperation`. */
  describeOperation(applicationName: string, operationId: string): Promise<ApplicationOperationInfoDetails | undefined>;
}

/** One structured log line. */
export type StartLog = (entry: Record<string, unknown>) => void;

/** The fields of the Provider framework's events the handlers read. */
export interface StartEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  /** In `isComplete`'s event: the `Data` that `onEvent` returned. */
  readonly Data?: Record<string, unknown>;
}

/** What `onEvent` did, carried to `isComplete` in `Data` (strings: CloudFormation attributes). */
export const StartAction = {
  /** Nothing to wait for: the application was RUNNING, or the resource is being deleted. */
  NONE: 'none',
  /** `StartApplication` was sent (its operation id in `OperationId`). */
  STARTED: 'started',
  /** The application was STARTING or busy: `isComplete` waits, and starts it once it is READY. */
  WAITING: 'waiting',
} as const;
export type StartAction = typeof StartAction[keyof typeof StartAction];

export interface StartOnEventResult {
  readonly PhysicalResourceId: string;
  readonly Data: {
    readonly Action: StartAction;
    /** When onEvent looked (ISO 8601): operations that failed since then fail the deployment. */
    readonly Since: string;
    readonly OperationId?: string;
  };
}

export interface StartIsCompleteResult {
  readonly IsComplete: boolean;
}

/** Statuses in which the application is changing on its own; wait, then look again. */
const BUSY = new Set(['UPDATING', 'AUTOSCALING', 'MAINTENANCE', 'ROLLING_BACK', 'STOPPING', 'FORCE_STOPPING']);

/** The Provider framework's onEvent. */
export async function onStartEvent(event: StartEvent, flink: FlinkControl,
  log: StartLog = () => undefined, now: () => Date = () => new Date()): Promise<StartOnEventResult> {
  const applicationName = applicationNameOf(event.ResourceProperties);
  const since = now().toISOString();
  if (event.RequestType === 'Delete') {
    log({ event: 'delete', applicationName, note: 'nothing to do: CloudFormation deletes (and so stops) the application' });
    return { PhysicalResourceId: event.PhysicalResourceId ?? applicationName, Data: { Action: StartAction.NONE, Since: since } };
  }
  const application = await describe(flink, applicationName);
  const status = application.ApplicationStatus;
  if (status === 'RUNNING') {
    log({ event: 'already-running', applicationName, requestType: event.RequestType, version: application.ApplicationVersionId });
    return { PhysicalResourceId: applicationName, Data: { Action: StartAction.NONE, Since: since } };
  }
  if (status === 'READY') {
    const operationId = await start(flink, application, event.ResourceProperties, log);
    return { PhysicalResourceId: applicationName, Data: { Action: StartAction.STARTED, Since: since, OperationId: operationId } };
  }
  log({ event: 'waiting', applicationName, status });
  return { PhysicalResourceId: applicationName, Data: { Action: StartAction.WAITING, Since: since } };
}

/** The Provider framework's isComplete, called every `queryInterval` until it answers true or throws. */
export async function isStartComplete(event: StartEvent, flink: FlinkControl,
  log: StartLog = () => undefined): Promise<StartIsCompleteResult> {
  if (event.RequestType === 'Delete' || event.Data?.Action === StartAction.NONE) {
    return { IsComplete: true };
  }
  const applicationName = applicationNameOf(event.ResourceProperties);
  const application = await describe(flink, applicationName);
  const status = application.ApplicationStatus;
  if (status === 'RUNNING') {
    log({ event: 'running', applicationName, version: application.ApplicationVersionId });
    return { IsComplete: true };
  }
  if (status !== 'READY') {
    log({ event: 'waiting', applicationName, status });
    return { IsComplete: false };
  }
  // READY: either the start failed (Managed Flink returns the application to READY), or it has
  // not begun yet, or the application was busy at onEvent and is now free to start.
  const operationId = event.Data?.OperationId;
  if (typeof operationId === 'string') {
    const details = await flink.describeOperation(applicationName, operationId);
    const operationStatus = details?.OperationStatus;
    if (operationStatus === 'FAILED' || operationStatus === 'CANCELLED') {
      throw new Error(failureMessage(applicationName, { ...details, OperationId: operationId }, details));
    }
    if (operationStatus === 'SUCCESSFUL') {
      throw new Error(`${applicationName}: StartApplication (operation ${operationId}) succeeded, but the application `
        + 'is READY again: it was stopped since (StopApplication, or the job ended). See its operations in the Managed Flink '
        + 'console (ListApplicationOperations) and its CloudWatch logs.');
    }
    log({ event: 'waiting-for-start', applicationName, operationId, operationStatus });
    return { IsComplete: false };
  }
  if (event.Data?.Action === StartAction.STARTED) {
    // Started without an operation id: nothing tells a start that has not begun from one that
    // failed but its status. Wait; a start that never happens ends at the Provider's timeout.
    log({ event: 'waiting-for-start', applicationName });
    return { IsComplete: false };
  }
  const operations = await operationsSince(flink, applicationName, event.Data);
  const failed = operations.find(op => op.OperationStatus === 'FAILED' || op.OperationStatus === 'CANCELLED');
  if (failed) {
    const details = failed.OperationId ? await flink.describeOperation(applicationName, failed.OperationId) : undefined;
    throw new Error(failureMessage(applicationName, failed, details));
  }
  const inProgress = operations.find(op => op.OperationStatus === 'IN_PROGRESS');
  if (inProgress) {
    log({ event: 'waiting-for-operation', applicationName, operation: inProgress.Operation, operationId: inProgress.OperationId });
    return { IsComplete: false };
  }
  // The application was busy at onEvent and is READY now: start it. Nothing carries over from
  // one isComplete to the next; the next look finds the start among the operations since `Since`.
  await start(flink, application, event.ResourceProperties, log);
  return { IsComplete: false };
}

/**
 * The `RunConfiguration` of the start: restore from the latest snapshot when asked to, the
 * application has snapshots on and at least one snapshot is READY; otherwise skip the restore
 * (a first start has no snapshot to restore from).
 */
export async function runConfiguration(flink: FlinkControl, application: ApplicationDetail,
  properties: Record<string, unknown>): Promise<RunConfiguration> {
  const wantsRestore = flag(properties, RESTORE_FROM_LATEST_SNAPSHOT_PROPERTY, true);
  const snapshotsOn = application.ApplicationConfigurationDescription
    ?.ApplicationSnapshotConfigurationDescription?.SnapshotsEnabled === true;
  const restore = wantsRestore && snapshotsOn
    && (await flink.listSnapshots(application.ApplicationName!)).some(s => s.SnapshotStatus === 'READY');
  return {
    ApplicationRestoreConfiguration: {
      ApplicationRestoreType: restore ? 'RESTORE_FROM_LATEST_SNAPSHOT' : 'SKIP_RESTORE_FROM_SNAPSHOT',
    },
    FlinkRunConfiguration: { AllowNonRestoredState: flag(properties, ALLOW_NON_RESTORED_STATE_PROPERTY, false) },
  };
}

async function start(flink: FlinkControl, application: ApplicationDetail, properties: Record<string, unknown>,
  log: StartLog): Promise<string | undefined> {
  const applicationName = application.ApplicationName!;
  const request: StartApplicationRequest = {
    ApplicationName: applicationName,
    RunConfiguration: await runConfiguration(flink, application, properties),
  };
  try {
    const operationId = await flink.startApplication(request);
    const restore = request.RunConfiguration?.ApplicationRestoreConfiguration?.ApplicationRestoreType;
    log({ event: 'start-requested', applicationName, operationId, restore });
    return operationId;
  } catch (e) {
    throw new Error(`${applicationName}: StartApplication failed: ${(e as { name?: string }).name ?? 'Error'}: ${(e as Error).message}`);
  }
}

async function describe(flink: FlinkControl, applicationName: string): Promise<ApplicationDetail> {
  const application = await flink.describeApplication(applicationName);
  const status = application.ApplicationStatus;
  if (status === 'DELETING') {
    throw new Error(`${applicationName}: the application is DELETING; it cannot be started.`);
  }
  if (status === 'ROLLED_BACK') {
    throw new Error(`${applicationName}: the application is ROLLED_BACK (Managed Flink's system rollback undid a failed `
      + `update; now at version ${application.ApplicationVersionId}, rolled back from ${application.ApplicationVersionRolledBackFrom}). `
      + 'See its operations in the Managed Flink console (ListApplicationOperations) for why the update failed.');
  }
  if (status !== 'RUNNING' && status !== 'READY' && status !== 'STARTING' && !BUSY.has(status ?? '')) {
    throw new Error(`${applicationName}: unexpected application status ${JSON.stringify(status)}.`);
  }
  return application;
}

/** The application's operations that began since onEvent looked, newest first. */
async function operationsSince(flink: FlinkControl, applicationName: string,
  data: Record<string, unknown> | undefined): Promise<ApplicationOperationInfo[]> {
  const since = typeof data?.Since === 'string' ? Date.parse(data.Since) : NaN;
  const operations = await flink.listOperations(applicationName);
  return operations
    .filter(op => op.StartTime !== undefined && !isNaN(since) && op.StartTime.getTime() >= since)
    .sort((a, b) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0));
}

function failureMessage(applicationName: string, operation: ApplicationOperationInfo,
  details: ApplicationOperationInfoDetails | undefined): string {
  const reason = details?.OperationFailureDetails?.ErrorInfo?.ErrorString ?? 'no error string given';
  const rollback = details?.OperationFailureDetails?.RollbackOperationId;
  return `${applicationName}: the application did not start: ${operation.Operation ?? 'operation'} ${operation.OperationId ?? '(no id)'} `
    + `is ${operation.OperationStatus} (${reason})${rollback ? `; system rollback operation ${rollback}` : ''}. `
    + 'See the application\'s CloudWatch logs for the job\'s own errors.';
}

function applicationNameOf(properties: Record<string, unknown>): string {
  const name = properties[APPLICATION_NAME_PROPERTY];
  if (typeof name !== 'string' || name.length === 0) {
    throw new Error(`the custom resource's ${APPLICATION_NAME_PROPERTY} property is missing (got ${JSON.stringify(name)})`);
  }
  return name;
}

/** A boolean property: CloudFormation passes custom resource properties as strings. */
function flag(properties: Record<string, unknown>, name: string, byDefault: boolean): boolean {
  const value = properties[name];
  if (value === undefined) {
    return byDefault;
  }
  if (value === true || value === 'true') {
    return true;
  }
  if (value === false || value === 'false') {
    return false;
  }
  throw new Error(`the custom resource's ${name} property must be 'true' or 'false' (got ${JSON.stringify(value)})`);
}
