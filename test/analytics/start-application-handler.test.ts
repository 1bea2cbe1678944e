import type {
  ApplicationDetail, ApplicationOperationInfo, ApplicationOperationInfoDetails, SnapshotDetails, StartApplicationRequest,
} from '@aws-sdk/client-kinesis-analytics-v2';
import {
  DescribeApplicationCommand, DescribeApplicationOperationCommand, KinesisAnalyticsV2Client,
  ListApplicationOperationsCommand, ListApplicationSnapshotsCommand, StartApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { sdkFlinkControl } from '../../src/analytics/start/flink-control';
import {
  FlinkControl, isStartComplete, onStartEvent, StartEvent,
} from '../../src/analytics/start/start-handler';

const NAME = 'orders-windows';

interface FakeOperation {
  info: ApplicationOperationInfo;
  details: ApplicationOperationInfoDetails;
}

/**
 * A Managed Flink application as DescribeApplication shows it, changed by StartApplication
 * the way the service does: READY → STARTING, then (by the test) RUNNING, or READY again with
 * the start operation FAILED.
 */
class FakeApplication implements FlinkControl {
  public status: string = 'READY';
  public version = 1;
  public snapshotsEnabled = false;
  public snapshots: SnapshotDetails[] = [];
  public readonly operations: FakeOperation[] = [];
  public readonly starts: StartApplicationRequest[] = [];
  public readonly calls: string[] = [];
  public startError?: Error;
  /** The service's clock: operations begin at this time. */
  public clock = new Date('2026-12-01T10:00:00Z');

  async describeApplication(applicationName: string): Promise<ApplicationDetail> {
    this.calls.push(`DescribeApplication ${applicationName}`);
    return {
      ApplicationName: applicationName,
      ApplicationARN: `arn:aws:kinesisanalytics:us-east-1:111111111111:application/${applicationName}`,
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationStatus: this.status as ApplicationDetail['ApplicationStatus'],
      ApplicationVersionId: this.version,
      ApplicationVersionRolledBackFrom: this.status === 'ROLLED_BACK' ? this.version + 1 : undefined,
      ApplicationConfigurationDescription: {
        ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: this.snapshotsEnabled },
      },
    };
  }

  async startApplication(request: StartApplicationRequest): Promise<string> {
    this.calls.push(`StartApplication ${request.ApplicationName}`);
    this.starts.push(request);
    if (this.startError) {
      throw this.startError;
    }
    if (this.status !== 'READY') {
      throw errorNamed('ResourceInUseException', `Application ${request.ApplicationName} is in ${this.status} state`);
    }
    this.status = 'STARTING';
    return this.addOperation('StartApplication', 'IN_PROGRESS').info.OperationId!;
  }

  async listSnapshots(applicationName: string): Promise<SnapshotDetails[]> {
    this.calls.push(`ListApplicationSnapshots ${applicationName}`);
    return this.snapshots;
  }

  async listOperations(applicationName: string): Promise<ApplicationOperationInfo[]> {
    this.calls.push(`ListApplicationOperations ${applicationName}`);
    return this.operations.map(op => op.info);
  }

  async describeOperation(applicationName: string, operationId: string): Promise<ApplicationOperationInfoDetails | undefined> {
    this.calls.push(`DescribeApplicationOperation ${applicationName} ${operationId}`);
    return this.operations.find(op => op.info.OperationId === operationId)?.details;
  }

  addOperation(operation: string, status: 'IN_PROGRESS' | 'SUCCESSFUL' | 'FAILED' | 'CANCELLED', error?: string): FakeOperation {
    const id = `op-${this.operations.length + 1}`;
    const op: FakeOperation = {
      info: { Operation: operation, OperationId: id, StartTime: new Date(this.clock), OperationStatus: status },
      details: {
        Operation: operation,
        StartTime: new Date(this.clock),
        EndTime: undefined,
        OperationStatus: status,
        OperationFailureDetails: error ? { ErrorInfo: { ErrorString: error } } : undefined,
      },
    };
    this.operations.push(op);
    return op;
  }

  /** The job is up: RUNNING, the start operation SUCCESSFUL. */
  run(): void {
    this.status = 'RUNNING';
    this.endLatest('SUCCESSFUL');
  }

  /** The start fails: the service returns the application to READY and fails the operation. */
  failStart(error: string): void {
    this.status = 'READY';
    this.endLatest('FAILED', error);
  }

  private endLatest(status: 'SUCCESSFUL' | 'FAILED', error?: string): void {
    const op = this.operations[this.operations.length - 1];
    op.info.OperationStatus = status;
    op.details.OperationStatus = status;
    op.details.EndTime = new Date(this.clock);
    if (error) {
      op.details.OperationFailureDetails = { ErrorInfo: { ErrorString: error } };
    }
  }
}

function errorNamed(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const PROPERTIES = { ApplicationName: NAME, RestoreFromLatestSnapshot: 'true', AllowNonRestoredState: 'false' };
const create: StartEvent = { RequestType: 'Create', ResourceProperties: PROPERTIES };
const update: StartEvent = {
  RequestType: 'Update',
  PhysicalResourceId: NAME,
  ResourceProperties: PROPERTIES,
  OldResourceProperties: { ...PROPERTIES, AllowNonRestoredState: 'true' },
};
const NOW = () => new Date('2026-12-01T09:59:50Z');

/** isComplete's event: the request plus what onEvent returned, as the Provider framework merges them. */
function completing(event: StartEvent, result: { PhysicalResourceId: string; Data: object }): StartEvent {
  // The framework passes Data through JSON: undefined members disappear.
  return { ...event, PhysicalResourceId: result.PhysicalResourceId, Data: JSON.parse(JSON.stringify(result.Data)) };
}

const START = (restore: 'SKIP_RESTORE_FROM_SNAPSHOT' | 'RESTORE_FROM_LATEST_SNAPSHOT', allowNonRestoredState = false): StartApplicationRequest => ({
  ApplicationName: NAME,
  RunConfiguration: {
    ApplicationRestoreConfiguration: { ApplicationRestoreType: restore },
    FlinkRunConfiguration: { AllowNonRestoredState: allowNonRestoredState },
  },
});

describe('Create on a READY application (what CloudFormation leaves)', () => {
  test('READY → STARTING → RUNNING: one StartApplication, isComplete waits while STARTING and is done once RUNNING', async () => {
    const flink = new FakeApplication();

    const result = await onStartEvent(create, flink, undefined, NOW);
    expect(result).toEqual({ PhysicalResourceId: NAME, Data: { Action: 'started', Since: '2026-12-01T09:59:50.000Z', OperationId: 'op-1' } });
    expect(flink.starts).toEqual([START('SKIP_RESTORE_FROM_SNAPSHOT')]);

    const event = completing(create, result);
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
    flink.run();
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: true });
    expect(flink.starts).toHaveLength(1);
  });

  test('a start that fails (STARTING → READY, operation FAILED) fails isComplete with Managed Flink\'s error string', async () => {
    const flink = new FakeApplication();
    const event = completing(create, await onStartEvent(create, flink, undefined, NOW));
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });

    flink.failStart('The application could not be started: Cannot find the JAR file s3://code/orders-windows.jar');

    await expect(isStartComplete(event, flink)).rejects.toThrow(
      `${NAME}: the application did not start: StartApplication op-1 is FAILED (The application could not be started: `
      + 'Cannot find the JAR file s3://code/orders-windows.jar). See the application\'s CloudWatch logs for the job\'s own errors.');
    expect(flink.calls).toContain(`DescribeApplicationOperation ${NAME} op-1`);
    expect(flink.starts).toHaveLength(1);
  });

  test('a start that succeeded, then READY again (stopped since), fails rather than waits', async () => {
    const flink = new FakeApplication();
    const event = completing(create, await onStartEvent(create, flink, undefined, NOW));
    flink.run();
    flink.status = 'READY';

    await expect(isStartComplete(event, flink)).rejects.toThrow(
      `${NAME}: StartApplication (operation op-1) succeeded, but the application is READY again: it was stopped since`);
  });

  test('READY with the start operation still IN_PROGRESS (not begun yet) waits', async () => {
    const flink = new FakeApplication();
    const event = completing(create, await onStartEvent(create, flink, undefined, NOW));
    flink.status = 'READY';

    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
    expect(flink.starts).toHaveLength(1);
  });

  test('a StartApplication that Managed Flink refuses fails onEvent with its error', async () => {
    const flink = new FakeApplication();
    flink.startError = errorNamed('InvalidApplicationConfigurationException', 'The application has no code configured');

    await expect(onStartEvent(create, flink)).rejects.toThrow(
      `${NAME}: StartApplication failed: InvalidApplicationConfigurationException: The application has no code configured`);
  });
});

describe('the restore', () => {
  test('snapshots on and a READY snapshot: restores from the latest snapshot', async () => {
    const flink = new FakeApplication();
    flink.snapshotsEnabled = true;
    flink.snapshots = [
      { SnapshotName: 'manual-1', SnapshotStatus: 'READY', ApplicationVersionId: 1 },
      { SnapshotName: 'auto-2', SnapshotStatus: 'CREATING', ApplicationVersionId: 1 },
    ];

    await onStartEvent(create, flink);

    expect(flink.starts).toEqual([START('RESTORE_FROM_LATEST_SNAPSHOT')]);
  });

  test('snapshots on but none READY (a first start): skips the restore', async () => {
    const flink = new FakeApplication();
    flink.snapshotsEnabled = true;
    flink.snapshots = [{ SnapshotName: 'auto-1', SnapshotStatus: 'FAILED', ApplicationVersionId: 1 }];

    await onStartEvent(create, flink);

    expect(flink.starts).toEqual([START('SKIP_RESTORE_FROM_SNAPSHOT')]);
  });

  test('snapshots off: skips the restore without listing snapshots', async () => {
    const flink = new FakeApplication();
    flink.snapshots = [{ SnapshotName: 'manual-1', SnapshotStatus: 'READY', ApplicationVersionId: 1 }];

    await onStartEvent(create, flink);

    expect(flink.starts).toEqual([START('SKIP_RESTORE_FROM_SNAPSHOT')]);
    expect(flink.calls.filter(c => c.startsWith('ListApplicationSnapshots'))).toEqual([]);
  });

  test('RestoreFromLatestSnapshot false skips the restore; AllowNonRestoredState true is passed on', async () => {
    const flink = new FakeApplication();
    flink.snapshotsEnabled = true;
    flink.snapshots = [{ SnapshotName: 'manual-1', SnapshotStatus: 'READY', ApplicationVersionId: 1 }];

    await onStartEvent({
      RequestType: 'Create', ResourceProperties: { ApplicationName: NAME, RestoreFromLatestSnapshot: 'false', AllowNonRestoredState: 'true' },
    }, flink);

    expect(flink.starts).toEqual([START('SKIP_RESTORE_FROM_SNAPSHOT', true)]);
  });

  test('without the run option properties: restore from the latest snapshot, AllowNonRestoredState false', async () => {
    const flink = new FakeApplication();
    flink.snapshotsEnabled = true;
    flink.snapshots = [{ SnapshotName: 'manual-1', SnapshotStatus: 'READY', ApplicationVersionId: 1 }];

    await onStartEvent({ RequestType: 'Create', ResourceProperties: { ApplicationName: NAME } }, flink);

    expect(flink.starts).toEqual([START('RESTORE_FROM_LATEST_SNAPSHOT')]);
  });
});

describe('Create on an application that is not READY', () => {
  test('already RUNNING: no StartApplication, complete at once', async () => {
    const flink = new FakeApplication();
    flink.status = 'RUNNING';

    const result = await onStartEvent(create, flink, undefined, NOW);

    expect(result).toEqual({ PhysicalResourceId: NAME, Data: { Action: 'none', Since: '2026-12-01T09:59:50.000Z' } });
    expect(await isStartComplete(completing(create, result), flink)).toEqual({ IsComplete: true });
    expect(flink.starts).toEqual([]);
  });

  test('already STARTING: waits without starting, done once RUNNING', async () => {
    const flink = new FakeApplication();
    flink.addOperation('StartApplication', 'IN_PROGRESS');
    flink.status = 'STARTING';

    const result = await onStartEvent(create, flink, undefined, NOW);
    const event = completing(create, result);
    expect(result.Data.Action).toBe('waiting');
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
    flink.run();
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: true });
    expect(flink.starts).toEqual([]);
  });

  test.each(['UPDATING', 'AUTOSCALING', 'MAINTENANCE', 'ROLLING_BACK', 'STOPPING', 'FORCE_STOPPING'])(
    '%s: waits, starts it once READY, then waits for RUNNING', async (status) => {
      const flink = new FakeApplication();
      flink.status = status;

      const result = await onStartEvent(create, flink, undefined, NOW);
      const event = completing(create, result);
      expect(result.Data.Action).toBe('waiting');
      expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
      expect(flink.starts).toEqual([]);

      flink.status = 'READY';
      expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
      expect(flink.starts).toEqual([START('SKIP_RESTORE_FROM_SNAPSHOT')]);
      expect(flink.status).toBe('STARTING');

      expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
      flink.run();
      expect(await isStartComplete(event, flink)).toEqual({ IsComplete: true });
      expect(flink.starts).toHaveLength(1);
    });

  test('busy, then a start from isComplete that fails: the next look fails with the reason, and does not start again', async () => {
    const flink = new FakeApplication();
    flink.status = 'UPDATING';
    const event = completing(create, await onStartEvent(create, flink, undefined, NOW));
    flink.status = 'READY';
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });

    flink.failStart('Insufficient KPUs in the account: limit 64');

    await expect(isStartComplete(event, flink)).rejects.toThrow(
      `${NAME}: the application did not start: StartApplication op-1 is FAILED (Insufficient KPUs in the account: limit 64).`);
    expect(flink.starts).toHaveLength(1);
  });

  test('busy, and an operation that began before onEvent looked and failed does not count', async () => {
    const flink = new FakeApplication();
    flink.clock = new Date('2026-12-01T09:00:00Z');
    flink.addOperation('UpdateApplication', 'FAILED', 'an earlier deployment\'s failure');
    flink.status = 'STOPPING';
    const event = completing(create, await onStartEvent(create, flink, undefined, NOW));
    flink.status = 'READY';

    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
    expect(flink.starts).toHaveLength(1);
  });

  test('DELETING fails', async () => {
    const flink = new FakeApplication();
    flink.status = 'DELETING';
    await expect(onStartEvent(create, flink)).rejects.toThrow(`${NAME}: the application is DELETING; it cannot be started.`);
  });

  test('ROLLED_BACK fails, naming the versions', async () => {
    const flink = new FakeApplication();
    flink.status = 'ROLLED_BACK';
    flink.version = 3;
    await expect(onStartEvent(create, flink)).rejects.toThrow(
      `${NAME}: the application is ROLLED_BACK (Managed Flink's system rollback undid a failed update; now at version 3, rolled back from 4).`);
  });

  test('an unknown status fails', async () => {
    const flink = new FakeApplication();
    flink.status = 'HIBERNATING';
    await expect(onStartEvent(create, flink)).rejects.toThrow(`${NAME}: unexpected application status "HIBERNATING".`);
  });
});

describe('Update and Delete', () => {
  test('an Update while RUNNING leaves the application alone: no StartApplication', async () => {
    const flink = new FakeApplication();
    flink.status = 'RUNNING';

    const result = await onStartEvent(update, flink);

    expect(result.Data.Action).toBe('none');
    expect(await isStartComplete(completing(update, result), flink)).toEqual({ IsComplete: true });
    expect(flink.starts).toEqual([]);
    expect(flink.calls.filter(c => c.startsWith('StartApplication'))).toEqual([]);
  });

  test('an Update while READY (stopped since) starts it again and waits for RUNNING', async () => {
    const flink = new FakeApplication();

    const result = await onStartEvent(update, flink);
    const event = completing(update, result);

    expect(result.Data.Action).toBe('started');
    expect(flink.starts).toEqual([START('SKIP_RESTORE_FROM_SNAPSHOT')]);
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: false });
    flink.run();
    expect(await isStartComplete(event, flink)).toEqual({ IsComplete: true });
  });

  test('Delete does nothing (CloudFormation deletes the application) and keeps the physical id', async () => {
    const flink = new FakeApplication();
    flink.status = 'RUNNING';
    const del: StartEvent = { RequestType: 'Delete', PhysicalResourceId: NAME, ResourceProperties: PROPERTIES };

    const result = await onStartEvent(del, flink);

    expect(result.PhysicalResourceId).toBe(NAME);
    expect(result.Data.Action).toBe('none');
    expect(await isStartComplete(completing(del, result), flink)).toEqual({ IsComplete: true });
    expect(flink.calls).toEqual([]);
  });
});

describe('properties', () => {
  test.each([undefined, '', 42])('an ApplicationName property of %p is refused', async (name) => {
    await expect(onStartEvent({ RequestType: 'Create', ResourceProperties: { ApplicationName: name } }, new FakeApplication()))
      .rejects.toThrow(`the custom resource's ApplicationName property is missing (got ${JSON.stringify(name)})`);
  });

  test('a run option that is not true or false is refused', async () => {
    await expect(onStartEvent({ RequestType: 'Create', ResourceProperties: { ApplicationName: NAME, AllowNonRestoredState: 'yes' } },
      new FakeApplication())).rejects.toThrow('the custom resource\'s AllowNonRestoredState property must be \'true\' or \'false\' (got "yes")');
  });
});

describe('sdkFlinkControl', () => {
  test('sends each command with the given input and returns its answer; snapshots are read page by page', async () => {
    const sent: unknown[] = [];
    let snapshotPages = 0;
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        if (command instanceof DescribeApplicationCommand) {
          return { ApplicationDetail: { ApplicationName: NAME, ApplicationStatus: 'READY' } };
        }
        if (command instanceof StartApplicationCommand) {
          return { OperationId: 'op-7' };
        }
        if (command instanceof ListApplicationSnapshotsCommand) {
          snapshotPages += 1;
          return snapshotPages === 1
            ? { SnapshotSummaries: [{ SnapshotName: 's1' }], NextToken: 't2' }
            : { SnapshotSummaries: [{ SnapshotName: 's2' }] };
        }
        if (command instanceof ListApplicationOperationsCommand) {
          return { ApplicationOperationInfoList: [{ OperationId: 'op-7' }] };
        }
        return { ApplicationOperationInfoDetails: { OperationStatus: 'FAILED' } };
      },
    } as unknown as KinesisAnalyticsV2Client;
    const flink = sdkFlinkControl(client);

    expect(await flink.describeApplication(NAME)).toEqual({ ApplicationName: NAME, ApplicationStatus: 'READY' });
    expect(await flink.startApplication(START('SKIP_RESTORE_FROM_SNAPSHOT'))).toBe('op-7');
    expect(await flink.listSnapshots(NAME)).toEqual([{ SnapshotName: 's1' }, { SnapshotName: 's2' }]);
    expect(await flink.listOperations(NAME)).toEqual([{ OperationId: 'op-7' }]);
    expect(await flink.describeOperation(NAME, 'op-7')).toEqual({ OperationStatus: 'FAILED' });

    expect(sent.map(c => (c as { constructor: { name: string } }).constructor.name)).toEqual([
      'DescribeApplicationCommand', 'StartApplicationCommand', 'ListApplicationSnapshotsCommand', 'ListApplicationSnapshotsCommand',
      'ListApplicationOperationsCommand', 'DescribeApplicationOperationCommand',
    ]);
    expect((sent[0] as DescribeApplicationCommand).input).toEqual({ ApplicationName: NAME });
    expect((sent[1] as StartApplicationCommand).input).toEqual(START('SKIP_RESTORE_FROM_SNAPSHOT'));
    expect((sent[3] as ListApplicationSnapshotsCommand).input).toEqual({ ApplicationName: NAME, NextToken: 't2' });
    expect((sent[5] as DescribeApplicationOperationCommand).input).toEqual({ ApplicationName: NAME, OperationId: 'op-7' });
  });

  test('a DescribeApplication answer without ApplicationDetail is an error', async () => {
    const client = { send: async () => ({}) } as unknown as KinesisAnalyticsV2Client;
    await expect(sdkFlinkControl(client).describeApplication(NAME)).rejects.toThrow(`${NAME}: DescribeApplication returned no ApplicationDetail`);
  });
});

describe('the shipped entries, on a stubbed SDK client (no network)', () => {
  const region = process.env.AWS_REGION;
  beforeEach(() => { process.env.AWS_REGION = 'us-east-1'; });
  afterEach(() => {
    process.env.AWS_REGION = region;
    jest.restoreAllMocks();
  });

  /** Stubs KinesisAnalyticsV2Client.send with `flink`'s application and loads the entry afresh, as a cold start does. */
  function entry(file: string, flink: FakeApplication): (event: StartEvent) => Promise<unknown> {
    let handler: (event: StartEvent) => Promise<unknown> = async () => undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sdk = require('@aws-sdk/client-kinesis-analytics-v2') as typeof import('@aws-sdk/client-kinesis-analytics-v2');
      jest.spyOn(sdk.KinesisAnalyticsV2Client.prototype, 'send').mockImplementation((async (command: unknown) => {
        if (command instanceof sdk.DescribeApplicationCommand) {
          return { ApplicationDetail: await flink.describeApplication(command.input.ApplicationName!) };
        }
        if (command instanceof sdk.StartApplicationCommand) {
          return { OperationId: await flink.startApplication(command.input) };
        }
        throw new Error(`unexpected command ${String(command)}`);
      }) as never);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(file).handler;
    });
    return handler;
  }

  test('onEvent starts the application and isComplete reports it RUNNING, through KinesisAnalyticsV2Client', async () => {
    const flink = new FakeApplication();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);

    const result = await entry('../../src/analytics/start-application-on-event.lambda', flink)(create) as { PhysicalResourceId: string; Data: object };
    flink.run();
    const done = await entry('../../src/analytics/start-application-is-complete.lambda', flink)(completing(create, result));

    expect(flink.starts).toEqual([START('SKIP_RESTORE_FROM_SNAPSHOT')]);
    expect(done).toEqual({ IsComplete: true });
    expect(log.mock.calls.map(c => JSON.parse(c[0] as string).event)).toEqual(['start-requested', 'running']);
  });
});
