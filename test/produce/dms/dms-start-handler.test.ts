import type { ReplicationTask, StartReplicationTaskTypeValue } from '@aws-sdk/client-database-migration-service';
import {
  DatabaseMigrationServiceClient, DescribeReplicationTasksCommand, ResourceNotFoundFault, StartReplicationTaskCommand, StopReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import { sdkTaskControl } from '../../../src/produce/dms/start/task-control';
import {
  isTaskComplete, onTaskEvent, TASK_ARN_PROPERTY, TaskControl, TaskEvent,
} from '../../../src/produce/dms/start/task-start-handler';

const ARN = 'arn:aws:dms:us-east-1:111111111111:task:TASKABCDEFGHIJKLMNOPQRSTUV';

/**
 * A replication task as DescribeReplicationTasks shows it, changed by Start/StopReplicationTask
 * the way DMS does: a start makes it `starting`, a stop `stopping`; the test moves it on.
 */
class FakeTask implements TaskControl {
  public status: string | undefined = 'ready';
  public lastFailureMessage?: string;
  public stopReason?: string;
  public readonly calls: string[] = [];
  public startError?: Error;

  async describeTask(taskArn: string): Promise<ReplicationTask | undefined> {
    this.calls.push('DescribeReplicationTasks');
    if (this.status === undefined) {
      return undefined;
    }
    return { ReplicationTaskArn: taskArn, Status: this.status, LastFailureMessage: this.lastFailureMessage, StopReason: this.stopReason };
  }

  async startTask(_: string, type: StartReplicationTaskTypeValue): Promise<void> {
    this.calls.push(`StartReplicationTask ${type}`);
    if (this.startError) {
      throw this.startError;
    }
    this.status = 'starting';
  }

  async stopTask(): Promise<void> {
    this.calls.push('StopReplicationTask');
    this.status = 'stopping';
  }
}

function event(requestType: TaskEvent['RequestType'], data?: Record<string, unknown>): TaskEvent {
  return { RequestType: requestType, PhysicalResourceId: ARN, ResourceProperties: { [TASK_ARN_PROPERTY]: ARN }, Data: data };
}

/** onEvent, then isComplete until done (moving the task on with `progress` between looks), at most `looks` times. */
async function deploy(task: FakeTask, requestType: TaskEvent['RequestType'], progress: (look: number) => void = () => undefined, looks = 5) {
  const started = await onTaskEvent(event(requestType), task);
  for (let look = 1; look <= looks; look++) {
    progress(look);
    if ((await isTaskComplete(event(requestType, started.Data), task)).IsComplete) {
      return { started, looks: look };
    }
  }
  return { started, looks: undefined };
}

describe('start after deploy', () => {
  test('Create: a new task (ready) gets start-replication, and the deployment waits until it runs', async () => {
    const task = new FakeTask();
    const result = await deploy(task, 'Create', look => { if (look === 2) task.status = 'running'; });
    expect(result.started).toEqual({ PhysicalResourceId: ARN, Data: { Action: 'started' } });
    expect(result.looks).toBe(2);
    expect(task.calls.filter(c => c.startsWith('Start'))).toEqual(['StartReplicationTask start-replication']);
  });

  test('Create or Update on a task that has run (stopped): resume-processing, so a full load is not repeated', async () => {
    const task = new FakeTask();
    task.status = 'stopped';
    const result = await deploy(task, 'Update', () => { task.status = 'running'; });
    expect(result.looks).toBe(1);
    expect(task.calls.filter(c => c.startsWith('Start'))).toEqual(['StartReplicationTask resume-processing']);
  });

  test('a running task is left alone', async () => {
    const task = new FakeTask();
    task.status = 'running';
    const result = await deploy(task, 'Update');
    expect(result.looks).toBe(1);
    expect(task.calls).toEqual(['DescribeReplicationTasks', 'DescribeReplicationTasks']);
  });

  test('a busy task is waited for, then started', async () => {
    const task = new FakeTask();
    task.status = 'modifying';
    const result = await deploy(task, 'Update', look => {
      if (look === 2) task.status = 'stopped';
      if (look === 4) task.status = 'running';
    });
    expect(result.started.Data).toEqual({ Action: 'waiting' });
    expect(result.looks).toBe(4);
    expect(task.calls.filter(c => c.startsWith('Start'))).toEqual(['StartReplicationTask resume-processing']);
  });

  test('a start that fails fails the deployment with DMS\'s reason', async () => {
    const task = new FakeTask();
    await expect(deploy(task, 'Create', () => {
      task.status = 'failed';
      task.lastFailureMessage = 'Error connecting to source database';
      task.stopReason = 'Stop Reason FATAL_ERROR Error Level FATAL';
    })).rejects.toThrow(`${ARN}: the replication task did not start: it is failed (Error connecting to source database; `
      + 'stop reason: Stop Reason FATAL_ERROR Error Level FATAL). See the task\'s CloudWatch log (log group dms-tasks-<replication '
      + 'instance>) for the source\'s and the stream\'s errors.');
  });

  test('a task that stops right after its start fails the deployment too', async () => {
    const task = new FakeTask();
    await expect(deploy(task, 'Create', () => { task.status = 'stopped'; task.stopReason = 'Stop Reason NORMAL'; }))
      .rejects.toThrow(`${ARN}: the replication task did not start: it is stopped (no failure message given; stop reason: Stop Reason NORMAL).`);
  });

  test('DMS refusing the start fails the deployment with its error', async () => {
    const task = new FakeTask();
    task.startError = Object.assign(new Error('Replication instance is not available'), { name: 'InvalidResourceStateFault' });
    await expect(onTaskEvent(event('Create'), task)).rejects.toThrow(
      `${ARN}: StartReplicationTask (start-replication) failed: InvalidResourceStateFault: Replication instance is not available`);
  });

  test.each(['deleting', 'failed-move'])('a task that is %s cannot be started', async status => {
    const task = new FakeTask();
    task.status = status;
    await expect(onTaskEvent(event('Create'), task)).rejects.toThrow(`${ARN}: the task is ${status}; it cannot be started.`);
  });

  test('a task that is gone cannot be started', async () => {
    const task = new FakeTask();
    task.status = undefined;
    await expect(onTaskEvent(event('Create'), task)).rejects.toThrow(`${ARN}: DescribeReplicationTasks found no such task.`);
  });
});

describe('stop before delete', () => {
  test('a running task is stopped, and the deletion waits until it has', async () => {
    const task = new FakeTask();
    task.status = 'running';
    const result = await deploy(task, 'Delete', look => { if (look === 3) task.status = 'stopped'; });
    expect(result.started.Data).toEqual({ Action: 'stopping' });
    expect(result.looks).toBe(3);
    expect(task.calls.filter(c => c.startsWith('Stop'))).toEqual(['StopReplicationTask']);
  });

  test('a starting task is waited for and stopped once it runs: DMS is not asked to stop a task still starting', async () => {
    const task = new FakeTask();
    task.status = 'starting';
    const result = await deploy(task, 'Delete', look => {
      if (look === 2) {
        task.status = 'running';
      }
      if (look === 4) {
        task.status = 'stopped';
      }
    });
    expect(result.started.Data).toEqual({ Action: 'stopping' });
    expect(result.looks).toBe(4);
    expect(task.calls).toEqual([
      'DescribeReplicationTasks', // onEvent: starting, no stop
      'DescribeReplicationTasks', // look 1: still starting
      'DescribeReplicationTasks', 'StopReplicationTask', // look 2: running, stopped
      'DescribeReplicationTasks', // look 3: stopping
      'DescribeReplicationTasks', // look 4: stopped
    ]);
  });

  test.each(['stopped', 'failed', 'ready'])('a %s task needs nothing', async status => {
    const task = new FakeTask();
    task.status = status;
    const result = await deploy(task, 'Delete');
    expect(result.started.Data).toEqual({ Action: 'none' });
    expect(result.looks).toBe(1);
    expect(task.calls).toEqual(['DescribeReplicationTasks']);
  });

  test('a task already gone needs nothing', async () => {
    const task = new FakeTask();
    task.status = undefined;
    expect((await deploy(task, 'Delete')).looks).toBe(1);
  });
});

describe('the SDK client', () => {
  function client(send: (command: unknown) => unknown): DatabaseMigrationServiceClient {
    return { send: async (command: unknown) => send(command) } as unknown as DatabaseMigrationServiceClient;
  }

  test('describes the task by its ARN, without its settings', async () => {
    const sent: unknown[] = [];
    const control = sdkTaskControl(client(command => { sent.push(command); return { ReplicationTasks: [{ Status: 'ready' }] }; }));
    expect(await control.describeTask(ARN)).toEqual({ Status: 'ready' });
    expect(sent[0]).toBeInstanceOf(DescribeReplicationTasksCommand);
    expect((sent[0] as DescribeReplicationTasksCommand).input).toEqual({
      Filters: [{ Name: 'replication-task-arn', Values: [ARN] }], WithoutSettings: true,
    });
  });

  test('a task DMS does not find is undefined', async () => {
    const control = sdkTaskControl(client(() => {
      throw new ResourceNotFoundFault({ message: 'No Replication Tasks found', $metadata: {} });
    }));
    expect(await control.describeTask(ARN)).toBeUndefined();
  });

  test('starts and stops the task', async () => {
    const sent: any[] = [];
    const control = sdkTaskControl(client(command => { sent.push(command); return {}; }));
    await control.startTask(ARN, 'resume-processing');
    await control.stopTask(ARN);
    expect(sent[0]).toBeInstanceOf(StartReplicationTaskCommand);
    expect(sent[0].input).toEqual({ ReplicationTaskArn: ARN, StartReplicationTaskType: 'resume-processing' });
    expect(sent[1]).toBeInstanceOf(StopReplicationTaskCommand);
    expect(sent[1].input).toEqual({ ReplicationTaskArn: ARN });
  });
});
