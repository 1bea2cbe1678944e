import type { Cluster, UpdateConnectivityRequest } from '@aws-sdk/client-kafka';
import { DescribeClusterV2Command, KafkaClient, UpdateConnectivityCommand } from '@aws-sdk/client-kafka';
import {
  ConnectivityEvent, isConnectivityComplete, KafkaControl, onConnectivityEvent,
} from '../../src/kafka/multi-vpc/connectivity-handler';
import { sdkKafkaControl } from '../../src/kafka/multi-vpc/kafka-control';

const ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1';
const OTHER_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/9a1b-2';

/** An MSK provisioned cluster as DescribeClusterV2 shows it, changed by UpdateConnectivity the way MSK does. */
class FakeCluster implements KafkaControl {
  public state: string = 'ACTIVE';
  public version = 'K3AEGXETSR30VB';
  public iam = false;
  public scram = false;
  public tls = false;
  public stateInfo?: { Code: string; Message: string };
  public readonly updates: UpdateConnectivityRequest[] = [];
  public readonly described: string[] = [];
  public updateError?: Error;
  private versions = 0;

  async describeCluster(clusterArn: string): Promise<Cluster> {
    this.described.push(clusterArn);
    return {
      ClusterArn: clusterArn,
      ClusterType: 'PROVISIONED',
      State: this.state as Cluster['State'],
      StateInfo: this.stateInfo,
      CurrentVersion: this.version,
      Provisioned: {
        NumberOfBrokerNodes: 3,
        BrokerNodeGroupInfo: {
          ClientSubnets: ['subnet-a', 'subnet-b', 'subnet-c'],
          InstanceType: 'kafka.m7g.large',
          ConnectivityInfo: {
            PublicAccess: { Type: 'DISABLED' },
            VpcConnectivity: {
              ClientAuthentication: {
                Sasl: { Iam: { Enabled: this.iam }, Scram: { Enabled: this.scram } },
                Tls: { Enabled: this.tls },
              },
            },
          },
        },
      },
    };
  }

  async updateConnectivity(request: UpdateConnectivityRequest): Promise<string> {
    this.updates.push(request);
    if (this.updateError) {
      throw this.updateError;
    }
    this.state = 'UPDATING';
    return `arn:aws:kafka:us-east-1:111111111111:cluster-operation/orders/6f2c-1/op-${this.updates.length}`;
  }

  /** MSK finishes the running operation: ACTIVE again, at a new version. */
  finish(iamOn: boolean): void {
    this.state = 'ACTIVE';
    this.iam = iamOn;
    this.versions += 1;
    this.version = `K3AEGXETSR30VB-${this.versions}`;
  }
}

function errorNamed(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const create: ConnectivityEvent = { RequestType: 'Create', ResourceProperties: { ClusterArn: ARN } };

/** isComplete's event: the request plus what onEvent returned, as the Provider framework merges them. */
function completing(event: ConnectivityEvent, result: { PhysicalResourceId: string; Data: object }): ConnectivityEvent {
  return { ...event, PhysicalResourceId: result.PhysicalResourceId, Data: result.Data as Record<string, unknown> };
}

const IAM_ON_REQUEST = (version: string, scram = false, tls = false): UpdateConnectivityRequest => ({
  ClusterArn: ARN,
  CurrentVersion: version,
  ConnectivityInfo: {
    VpcConnectivity: {
      ClientAuthentication: {
        Sasl: { Iam: { Enabled: true }, Scram: { Enabled: scram } },
        Tls: { Enabled: tls },
      },
    },
  },
});

describe('Create on an ACTIVE cluster', () => {
  test('sends UpdateConnectivity with the cluster\'s current version, IAM on and nothing else changed', async () => {
    const kafka = new FakeCluster();

    const result = await onConnectivityEvent(create, kafka);

    expect(kafka.updates).toEqual([IAM_ON_REQUEST('K3AEGXETSR30VB')]);
    expect(result).toEqual({ PhysicalResourceId: ARN, Data: { Action: 'requested', RequestedAtVersion: 'K3AEGXETSR30VB' } });
  });

  test('keeps SASL/SCRAM and TLS multi-VPC connectivity on where they already are', async () => {
    const kafka = new FakeCluster();
    kafka.scram = true;
    kafka.tls = true;

    await onConnectivityEvent(create, kafka);

    expect(kafka.updates).toEqual([IAM_ON_REQUEST('K3AEGXETSR30VB', true, true)]);
  });

  test('isComplete waits while the cluster is UPDATING and is done once it is ACTIVE with IAM on', async () => {
    const kafka = new FakeCluster();
    const event = completing(create, await onConnectivityEvent(create, kafka));

    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false });
    kafka.finish(true);
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: true });
    expect(kafka.updates).toHaveLength(1);
  });

  test('isComplete waits while MSK has not started the update (ACTIVE, same version, IAM off)', async () => {
    const kafka = new FakeCluster();
    const event = completing(create, await onConnectivityEvent(create, kafka));
    kafka.state = 'ACTIVE';

    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false });
    expect(kafka.updates).toHaveLength(1);
  });

  test('isComplete fails, naming both versions, when the update ended with IAM still off', async () => {
    const kafka = new FakeCluster();
    const event = completing(create, await onConnectivityEvent(create, kafka));
    kafka.finish(false);

    await expect(isConnectivityComplete(event, kafka)).rejects.toThrow(
      `${ARN}: the connectivity update ended (cluster version K3AEGXETSR30VB -> K3AEGXETSR30VB-1) but multi-VPC private `
      + 'connectivity with IAM is still off. See the cluster\'s operations in the MSK console (or ListClusterOperationsV2) for why it failed.');
    expect(kafka.updates).toHaveLength(1);
  });
});

describe('Create on a cluster that already has IAM multi-VPC connectivity', () => {
  test('sends nothing and is complete once the cluster is ACTIVE', async () => {
    const kafka = new FakeCluster();
    kafka.iam = true;
    kafka.state = 'UPDATING';

    const result = await onConnectivityEvent(create, kafka);
    const event = completing(create, result);

    expect(result).toEqual({ PhysicalResourceId: ARN, Data: { Action: 'none' } });
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false });
    kafka.state = 'ACTIVE';
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: true });
    expect(kafka.updates).toEqual([]);
  });
});

describe.each(['CREATING', 'UPDATING', 'MAINTENANCE', 'REBOOTING_BROKER', 'HEALING'])('Create on a %s cluster', (state) => {
  test('waits without sending, then sends the update at the version the cluster has once ACTIVE, then waits for it', async () => {
    const kafka = new FakeCluster();
    kafka.state = state;

    const result = await onConnectivityEvent(create, kafka);
    const event = completing(create, result);
    expect(result).toEqual({ PhysicalResourceId: ARN, Data: { Action: 'waiting' } });
    expect(kafka.updates).toEqual([]);

    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false });
    expect(kafka.updates).toEqual([]);

    kafka.finish(false); // the other operation ends
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false });
    expect(kafka.updates).toEqual([IAM_ON_REQUEST('K3AEGXETSR30VB-1')]);

    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false }); // UPDATING
    kafka.finish(true);
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: true });
    expect(kafka.updates).toHaveLength(1);
  });
});

describe('failures', () => {
  test('a FAILED cluster fails onEvent with its state info', async () => {
    const kafka = new FakeCluster();
    kafka.state = 'FAILED';
    kafka.stateInfo = { Code: 'InsufficientCapacity', Message: 'not enough kafka.m7g.large capacity' };

    await expect(onConnectivityEvent(create, kafka)).rejects.toThrow(
      `${ARN}: the cluster is FAILED (InsufficientCapacity: not enough kafka.m7g.large capacity); `
      + 'multi-VPC private connectivity cannot be turned on.');
    expect(kafka.updates).toEqual([]);
  });

  test('a cluster that goes FAILED during the update fails isComplete', async () => {
    const kafka = new FakeCluster();
    const event = completing(create, await onConnectivityEvent(create, kafka));
    kafka.state = 'FAILED';

    await expect(isConnectivityComplete(event, kafka)).rejects.toThrow(
      `${ARN}: the cluster is FAILED (no code: no message); multi-VPC private connectivity cannot be turned on.`);
  });

  test('an update MSK refuses fails onEvent with MSK\'s error', async () => {
    const kafka = new FakeCluster();
    kafka.updateError = errorNamed('BadRequestException', 'Multi-VPC private connectivity is not supported for kafka.t3.small brokers.');

    await expect(onConnectivityEvent(create, kafka)).rejects.toThrow(
      `${ARN}: UpdateConnectivity (multi-VPC private connectivity with IAM) failed: BadRequestException: `
      + 'Multi-VPC private connectivity is not supported for kafka.t3.small brokers.');
  });

  test('an update MSK refuses fails isComplete too', async () => {
    const kafka = new FakeCluster();
    kafka.state = 'UPDATING';
    const event = completing(create, await onConnectivityEvent(create, kafka));
    kafka.finish(false);
    kafka.updateError = errorNamed('ForbiddenException', 'not authorized');

    await expect(isConnectivityComplete(event, kafka)).rejects.toThrow(
      `${ARN}: UpdateConnectivity (multi-VPC private connectivity with IAM) failed: ForbiddenException: not authorized`);
  });

  test('a ConflictException (another operation took the cluster) means wait and try again', async () => {
    const kafka = new FakeCluster();
    kafka.updateError = errorNamed('ConflictException', 'another operation is in progress');

    const result = await onConnectivityEvent(create, kafka);
    expect(result).toEqual({ PhysicalResourceId: ARN, Data: { Action: 'waiting' } });

    const event = completing(create, result);
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false });
    kafka.updateError = undefined;
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: false });
    expect(kafka.updates).toHaveLength(3);
    kafka.finish(true);
    expect(await isConnectivityComplete(event, kafka)).toEqual({ IsComplete: true });
  });

  test('a Serverless cluster is refused', async () => {
    const kafka: KafkaControl = {
      describeCluster: async (clusterArn) => ({ ClusterArn: clusterArn, ClusterType: 'SERVERLESS', State: 'ACTIVE', CurrentVersion: 'K1' }),
      updateConnectivity: jest.fn(),
    };

    await expect(onConnectivityEvent(create, kafka)).rejects.toThrow(
      `${ARN}: a Serverless cluster; MultiVpcConnectivity turns on multi-VPC connectivity of provisioned clusters only.`);
  });

  test.each([undefined, '', 42])('a ClusterArn property of %p is refused', async (arn) => {
    const kafka = new FakeCluster();
    await expect(onConnectivityEvent({ RequestType: 'Create', ResourceProperties: { ClusterArn: arn } }, kafka))
      .rejects.toThrow(`the custom resource's ClusterArn property is missing (got ${JSON.stringify(arn)})`);
  });
});

describe('Update and Delete', () => {
  test('Delete leaves the cluster as it is and keeps the physical id', async () => {
    const kafka = new FakeCluster();
    kafka.iam = true;
    const del: ConnectivityEvent = { RequestType: 'Delete', PhysicalResourceId: ARN, ResourceProperties: { ClusterArn: ARN } };

    const result = await onConnectivityEvent(del, kafka);

    expect(result).toEqual({ PhysicalResourceId: ARN, Data: { Action: 'none' } });
    expect(await isConnectivityComplete(completing(del, result), kafka)).toEqual({ IsComplete: true });
    expect(kafka.described).toEqual([]);
    expect(kafka.updates).toEqual([]);
  });

  test('an Update with the same cluster ARN does nothing', async () => {
    const kafka = new FakeCluster();
    const update: ConnectivityEvent = {
      RequestType: 'Update', PhysicalResourceId: ARN, ResourceProperties: { ClusterArn: ARN }, OldResourceProperties: { ClusterArn: ARN },
    };

    const result = await onConnectivityEvent(update, kafka);

    expect(result).toEqual({ PhysicalResourceId: ARN, Data: { Action: 'none' } });
    expect(await isConnectivityComplete(completing(update, result), kafka)).toEqual({ IsComplete: true });
    expect(kafka.described).toEqual([]);
  });

  test('an Update to another cluster turns it on there, under the new ARN as physical id', async () => {
    const kafka = new FakeCluster();
    const update: ConnectivityEvent = {
      RequestType: 'Update', PhysicalResourceId: ARN, ResourceProperties: { ClusterArn: OTHER_ARN }, OldResourceProperties: { ClusterArn: ARN },
    };

    const result = await onConnectivityEvent(update, kafka);

    expect(result).toEqual({ PhysicalResourceId: OTHER_ARN, Data: { Action: 'requested', RequestedAtVersion: 'K3AEGXETSR30VB' } });
    expect(kafka.described).toEqual([OTHER_ARN]);
    expect(kafka.updates.map(u => u.ClusterArn)).toEqual([OTHER_ARN]);
  });
});

describe('sdkKafkaControl', () => {
  test('calls DescribeClusterV2 and UpdateConnectivity with the given inputs and returns their answers', async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        if (command instanceof DescribeClusterV2Command) {
          return { ClusterInfo: { ClusterArn: ARN, State: 'ACTIVE' } };
        }
        return { ClusterArn: ARN, ClusterOperationArn: 'op-1' };
      },
    } as unknown as KafkaClient;
    const kafka = sdkKafkaControl(client);

    expect(await kafka.describeCluster(ARN)).toEqual({ ClusterArn: ARN, State: 'ACTIVE' });
    expect(await kafka.updateConnectivity(IAM_ON_REQUEST('K1'))).toBe('op-1');
    expect(sent[0]).toBeInstanceOf(DescribeClusterV2Command);
    expect((sent[0] as DescribeClusterV2Command).input).toEqual({ ClusterArn: ARN });
    expect(sent[1]).toBeInstanceOf(UpdateConnectivityCommand);
    expect((sent[1] as UpdateConnectivityCommand).input).toEqual(IAM_ON_REQUEST('K1'));
  });

  test('a DescribeClusterV2 answer without ClusterInfo is an error', async () => {
    const client = { send: async () => ({}) } as unknown as KafkaClient;
    await expect(sdkKafkaControl(client).describeCluster(ARN)).rejects.toThrow(`${ARN}: DescribeClusterV2 returned no ClusterInfo`);
  });
});

describe('the shipped entries, on a stubbed SDK client (no network)', () => {
  const region = process.env.AWS_REGION;
  beforeEach(() => { process.env.AWS_REGION = 'us-east-1'; });
  afterEach(() => {
    process.env.AWS_REGION = region;
    jest.restoreAllMocks();
  });

  /** Stubs KafkaClient.send with `kafka`'s cluster and loads the entry afresh, as a cold start does. */
  function entry(file: string, kafka: FakeCluster): (event: ConnectivityEvent) => Promise<unknown> {
    let handler: (event: ConnectivityEvent) => Promise<unknown> = async () => undefined;
    jest.isolateModules(() => {
      // The entry's own copy of the SDK (isolated registry), stubbed before the entry creates its client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sdk = require('@aws-sdk/client-kafka') as typeof import('@aws-sdk/client-kafka');
      jest.spyOn(sdk.KafkaClient.prototype, 'send').mockImplementation((async (command: unknown) => {
        if (command instanceof sdk.DescribeClusterV2Command) {
          return { ClusterInfo: await kafka.describeCluster(command.input.ClusterArn!) };
        }
        if (command instanceof sdk.UpdateConnectivityCommand) {
          return { ClusterOperationArn: await kafka.updateConnectivity(command.input) };
        }
        throw new Error(`unexpected command ${String(command)}`);
      }) as never);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(file).handler;
    });
    return handler;
  }

  test('onEvent sends the update and isComplete reports it done, through KafkaClient', async () => {
    const kafka = new FakeCluster();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);

    const result = await entry('../../src/kafka/multi-vpc-on-event.lambda', kafka)(create) as { PhysicalResourceId: string; Data: object };
    kafka.finish(true);
    const done = await entry('../../src/kafka/multi-vpc-is-complete.lambda', kafka)(completing(create, result));

    expect(kafka.updates).toEqual([IAM_ON_REQUEST('K3AEGXETSR30VB')]);
    expect(done).toEqual({ IsComplete: true });
    expect(log.mock.calls.map(c => JSON.parse(c[0] as string).event)).toEqual(['update-requested', 'complete']);
  });
});
