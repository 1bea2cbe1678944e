/**
 * The logic of `StartReplicationTask`'s custom resource: start a DMS replication task once
 * CloudFormation has created it (CloudFormation leaves it `ready`, never started), hold the
 * deployment until it runs or fail it with DMS's reason, and stop it before CloudFormation
 * deletes it (DMS refuses to delete a running task).
 *
 * Plain functions over an injected `TaskControl`, so that tests run them against a fake
 * task; the `*.lambda.ts` entries give them the AWS SDK's client.
 *
 * - Create and Update: describe the task.
 *   - `running`, `starting`: nothing to send; isComplete waits for `running`.
 *   - `ready` (never run): `StartReplicationTask` with `start-replication`.
 *   - `stopped`, `failed` (has run): `resume-processing`, which continues from where the task
 *     stopped (DMS accepts `start-replication` only on a task's first run for a full load).
 *     On Update this is the rule "the stack says it runs": a task stopped by hand, or for a
 *     change (see `startAfterDeploy`), is resumed.
 *   - `creating`, `modifying`, `stopping`, `moving`, `testing`: busy; isComplete waits until
 *     it settles, then starts or resumes it.
 *   - `deleting`, `failed-move`: fails.
 * - isComplete: done when `running`. `failed`, or `stopped` after a start was sent, fails the
 *   deployment with the task's `LastFailureMessage` and `StopReason`.
 * - Delete: a `running` task is stopped, and isComplete waits until it is no longer running,
 *   so that CloudFormation can delete it; a `starting` task is waited for and stopped once it
 *   runs (DMS documents stopping a running task, not one still starting); a task already gone
 *   is fine.
 *
 * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_StartReplicationTask.html
 * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_StopReplicationTask.html
 * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_ReplicationTask.html
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Monitoring.html#CHAP_Tasks.Status
 */
import type { ReplicationTask, StartReplicationTaskTypeValue } from '@aws-sdk/client-database-migration-service';

/** The custom resource's property naming the task. */
export const TASK_ARN_PROPERTY = 'ReplicationTaskArn';
/**
 * A digest of the task's table mappings and settings: it changes when CloudFormation
 * modifies the task, so the resource sees an Update and resumes a task stopped for it.
 */
export const CONFIGURATION_DIGEST_PROPERTY = 'ConfigurationDigest';

/** What the handlers call on DMS: the SDK's client in Lambda (`sdkTaskControl`), a fake in tests. */
export interface TaskControl {
  /** `DescribeReplicationTasks` filtered by the ARN: the task, or `undefined` when there is none. */
  describeTask(taskArn: string): Promise<ReplicationTask | undefined>;
  /** `StartReplicationTask`. */
  startTask(taskArn: string, type: StartReplicationTaskTypeValue): Promise<void>;
  /** `StopReplicationTask`. */
  stopTask(taskArn: string): Promise<void>;
}

/** One structured log line. */
export type TaskLog = (entry: Record<string, unknown>) => void;

/** The fields of the Provider framework's events the handlers read. */
export interface TaskEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  /** In `isComplete`'s event: the `Data` that `onEvent` returned. */
  readonly Data?: Record<string, unknown>;
}

/** What `onEvent` did, carried to `isComplete` in `Data`. */
export const TaskAction = {
  /** Nothing to wait for. */
  NONE: 'none',
  /** `StartReplicationTask` was sent. */
  STARTED: 'started',
  /** The task was starting or busy: isComplete waits, and starts it once it settles. */
  WAITING: 'waiting',
  /** `StopReplicationTask` was sent (Delete): isComplete waits until it stopped. */
  STOPPING: 'stopping',
} as const;
export type TaskAction = typeof TaskAction[keyof typeof TaskAction];

export interface TaskOnEventResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Action: TaskAction };
}

export interface TaskIsCompleteResult {
  readonly IsComplete: boolean;
}

/** Statuses in which the task is changing on its own: wait, then look again. */
const BUSY = new Set(['creating', 'modifying', 'stopping', 'moving', 'testing']);
/** Statuses from which a task cannot be started. */
const DEAD = new Set(['deleting', 'failed-move']);
/** Statuses of a task that is running or about to. */
const RUNNING = new Set(['running', 'starting']);

/** The Provider framework's onEvent. */
export async function onTaskEvent(event: TaskEvent, dms: TaskControl, log: TaskLog = () => undefined): Promise<TaskOnEventResult> {
  const taskArn = taskArnOf(event.ResourceProperties);
  const task = await dms.describeTask(taskArn);
  if (event.RequestType === 'Delete') {
    if (task && RUNNING.has(task.Status ?? '')) {
      await stopIfRunning(dms, taskArn, task.Status, log);
      return { PhysicalResourceId: event.PhysicalResourceId ?? taskArn, Data: { Action: TaskAction.STOPPING } };
    }
    log({ event: 'delete', taskArn, status: task?.Status ?? 'gone', note: 'not running: nothing to stop' });
    return { PhysicalResourceId: event.PhysicalResourceId ?? taskArn, Data: { Action: TaskAction.NONE } };
  }
  const status = statusOf(taskArn, task);
  if (RUNNING.has(status)) {
    log({ event: 'already-running', taskArn, status, requestType: event.RequestType });
    return { PhysicalResourceId: taskArn, Data: { Action: TaskAction.WAITING } };
  }
  if (BUSY.has(status)) {
    log({ event: 'waiting', taskArn, status });
    return { PhysicalResourceId: taskArn, Data: { Action: TaskAction.WAITING } };
  }
  await start(dms, taskArn, status, log);
  return { PhysicalResourceId: taskArn, Data: { Action: TaskAction.STARTED } };
}

/** Sends `StopReplicationTask` to a `running` task; a `starting` one is left to start first. */
async function stopIfRunning(dms: TaskControl, taskArn: string, status: string | undefined, log: TaskLog): Promise<void> {
  if (status === 'running') {
    await dms.stopTask(taskArn);
    log({ event: 'stop-requested', taskArn, status });
  }
}

/** The Provider framework's isComplete, called every `queryInterval` until it answers true or throws. */
export async function isTaskComplete(event: TaskEvent, dms: TaskControl, log: TaskLog = () => undefined): Promise<TaskIsCompleteResult> {
  const taskArn = taskArnOf(event.ResourceProperties);
  const action = event.Data?.Action;
  if (action === TaskAction.NONE) {
    return { IsComplete: true };
  }
  const task = await dms.describeTask(taskArn);
  if (event.RequestType === 'Delete') {
    const stopped = !task || !(RUNNING.has(task.Status ?? '') || task.Status === 'stopping');
    log({ event: stopped ? 'stopped' : 'stopping', taskArn, status: task?.Status ?? 'gone' });
    // A task that was starting when the deletion began is stopped once it runs.
    await stopIfRunning(dms, taskArn, task?.Status, log);
    return { IsComplete: stopped };
  }
  const status = statusOf(taskArn, task);
  if (status === 'running') {
    log({ event: 'running', taskArn });
    return { IsComplete: true };
  }
  if (status === 'failed' || (status === 'stopped' && action === TaskAction.STARTED)) {
    throw new Error(failureMessage(taskArn, task!));
  }
  if (status === 'starting' || BUSY.has(status) || (status === 'ready' && action === TaskAction.STARTED)) {
    log({ event: 'waiting', taskArn, status });
    return { IsComplete: false };
  }
  // `ready` or `stopped` while onEvent was waiting for a busy task: start it now. A start that
  // then fails leaves the task `failed`, which the next look reports.
  await start(dms, taskArn, status, log);
  return { IsComplete: false };
}

/** `start-replication` for a task that never ran, `resume-processing` for one that did. */
export function startTypeFor(status: string): StartReplicationTaskTypeValue {
  return status === 'ready' ? 'start-replication' : 'resume-processing';
}

async function start(dms: TaskControl, taskArn: string, status: string, log: TaskLog): Promise<void> {
  const type = startTypeFor(status);
  try {
    await dms.startTask(taskArn, type);
  } catch (e) {
    throw new Error(`${taskArn}: StartReplicationTask (${type}) failed: ${(e as { name?: string }).name ?? 'Error'}: ${(e as Error).message}`);
  }
  log({ event: 'start-requested', taskArn, status, type });
}

function statusOf(taskArn: string, task: ReplicationTask | undefined): string {
  if (!task) {
    throw new Error(`${taskArn}: DescribeReplicationTasks found no such task.`);
  }
  const status = task.Status ?? '';
  if (DEAD.has(status)) {
    throw new Error(`${taskArn}: the task is ${status}; it cannot be started.`);
  }
  if (!RUNNING.has(status) && !BUSY.has(status) && !['ready', 'stopped', 'failed'].includes(status)) {
    throw new Error(`${taskArn}: unexpected task status ${JSON.stringify(task.Status)}.`);
  }
  return status;
}

function failureMessage(taskArn: string, task: ReplicationTask): string {
  const reason = task.LastFailureMessage ?? 'no failure message given';
  const stop = task.StopReason ? `; stop reason: ${task.StopReason}` : '';
  return `${taskArn}: the replication task did not start: it is ${task.Status} (${reason}${stop}). `
    + 'See the task\'s CloudWatch log (log group dms-tasks-<replication instance>) for the source\'s and the stream\'s errors.';
}

function taskArnOf(properties: Record<string, unknown>): string {
  const arn = properties[TASK_ARN_PROPERTY];
  if (typeof arn !== 'string' || arn.length === 0) {
    throw new Error(`the custom resource's ${TASK_ARN_PROPERTY} property is missing (got ${JSON.stringify(arn)})`);
  }
  return arn;
}
