/**
 * The logic of `MultiVpcConnectivity`'s custom resource: turn on multi-VPC private
 * connectivity with IAM client authentication on an MSK provisioned cluster, after
 * CloudFormation created it (CloudFormation cannot turn it on at creation), and wait
 * until the cluster is ACTIVE again with IAM on.
 *
 * Plain functions over an injected `KafkaControl`, so that tests run them against a fake
 * cluster; the `*.lambda.ts` entries give them the AWS SDK's client.
 *
 * - Create (and Update to another cluster ARN): describe the cluster. IAM already on: nothing
 *   to do. Cluster ACTIVE: `UpdateConnectivity` with its `CurrentVersion`. Cluster busy
 *   (CREATING, UPDATING, MAINTENANCE, …): nothing yet; `isComplete` sends the update once
 *   the cluster is ACTIVE. The least favourable reading of MSK's guide ("after the cluster
 *   is created and in an ACTIVE state") is that an update sent to a busy cluster is refused.
 * - isComplete: done when the cluster is ACTIVE and shows IAM on; fails when the cluster is
 *   FAILED, or when the update it sent ended (the cluster's version moved on) with IAM still off.
 * - Update of anything else: nothing to do (the only property is the cluster ARN).
 * - Delete: the cluster is left as it is. Turning the connectivity off fails while managed VPC
 *   connections (Firehose's) exist, and the cluster is normally deleted with the same stack.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cluster-owner-action-turn-on.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html
 * @see https://docs.aws.amazon.com/cli/latest/reference/kafka/update-connectivity.html
 */
import type { Cluster, UpdateConnectivityRequest } from '@aws-sdk/client-kafka';

/** The custom resource's property naming the cluster. */
export const CLUSTER_ARN_PROPERTY = 'ClusterArn';

/** What the handlers call on MSK: the SDK's client in Lambda (`sdkKafkaControl`), a fake in tests. */
export interface KafkaControl {
  /** `DescribeClusterV2`: the cluster's `ClusterInfo`. */
  describeCluster(clusterArn: string): Promise<Cluster>;
  /** `UpdateConnectivity`: returns the cluster operation's ARN. */
  updateConnectivity(request: UpdateConnectivityRequest): Promise<string | undefined>;
}

/** One structured log line. */
export type ConnectivityLog = (entry: Record<string, unknown>) => void;

/** The fields of the Provider framework's events the handlers read. */
export interface ConnectivityEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  /** In `isComplete`'s event: the `Data` that `onEvent` returned. */
  readonly Data?: Record<string, unknown>;
}

/** What `onEvent` did, carried to `isComplete` in `Data` (strings: CloudFormation attributes). */
export const ConnectivityAction = {
  /** Nothing to send: IAM was already on, the resource is being deleted, or the ARN did not change. */
  NONE: 'none',
  /** `UpdateConnectivity` was sent at `RequestedAtVersion`. */
  REQUESTED: 'requested',
  /** The cluster was busy (or another operation held it): `isComplete` sends the update once it is ACTIVE. */
  WAITING: 'waiting',
} as const;
export type ConnectivityAction = typeof ConnectivityAction[keyof typeof ConnectivityAction];

export interface OnEventResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Action: ConnectivityAction; readonly RequestedAtVersion?: string };
}

export interface IsCompleteResult {
  readonly IsComplete: boolean;
}

/** The Provider framework's onEvent. */
export async function onConnectivityEvent(event: ConnectivityEvent, kafka: KafkaControl,
  log: ConnectivityLog = () => undefined): Promise<OnEventResult> {
  const clusterArn = clusterArnOf(event.ResourceProperties);
  if (event.RequestType === 'Delete') {
    // Left on: see the module comment.
    log({ event: 'delete', clusterArn, note: 'multi-VPC connectivity is left as it is' });
    return { PhysicalResourceId: event.PhysicalResourceId ?? clusterArn, Data: { Action: ConnectivityAction.NONE } };
  }
  if (!needsWork(event)) {
    log({ event: 'update', clusterArn, note: 'cluster ARN unchanged, nothing to do' });
    return { PhysicalResourceId: event.PhysicalResourceId ?? clusterArn, Data: { Action: ConnectivityAction.NONE } };
  }
  const cluster = await describe(kafka, clusterArn);
  if (iamConnectivityOn(cluster)) {
    log({ event: 'already-on', clusterArn, state: cluster.State });
    return { PhysicalResourceId: clusterArn, Data: { Action: ConnectivityAction.NONE } };
  }
  if (cluster.State === 'ACTIVE') {
    const sent = await requestIamConnectivity(kafka, cluster, log);
    if (sent) {
      return { PhysicalResourceId: clusterArn, Data: { Action: ConnectivityAction.REQUESTED, RequestedAtVersion: cluster.CurrentVersion } };
    }
  }
  log({ event: 'waiting', clusterArn, state: cluster.State });
  return { PhysicalResourceId: clusterArn, Data: { Action: ConnectivityAction.WAITING } };
}

/** The Provider framework's isComplete, called about once a minute until it answers true or throws. */
export async function isConnectivityComplete(event: ConnectivityEvent, kafka: KafkaControl,
  log: ConnectivityLog = () => undefined): Promise<IsCompleteResult> {
  if (event.RequestType === 'Delete' || !needsWork(event)) {
    return { IsComplete: true };
  }
  const clusterArn = clusterArnOf(event.ResourceProperties);
  const cluster = await describe(kafka, clusterArn);
  const on = iamConnectivityOn(cluster);
  if (cluster.State !== 'ACTIVE') {
    log({ event: 'waiting', clusterArn, state: cluster.State, iamOn: on, activeOperationArn: cluster.ActiveOperationArn });
    return { IsComplete: false };
  }
  if (on) {
    log({ event: 'complete', clusterArn, version: cluster.CurrentVersion });
    return { IsComplete: true };
  }
  const action = event.Data?.Action;
  const requestedAt = event.Data?.RequestedAtVersion;
  if (action === ConnectivityAction.REQUESTED) {
    if (cluster.CurrentVersion !== requestedAt) {
      throw new Error(`${clusterArn}: the connectivity update ended (cluster version ${requestedAt} -> ${cluster.CurrentVersion}) `
        + 'but multi-VPC private connectivity with IAM is still off. See the cluster\'s operations in the MSK console '
        + '(or ListClusterOperationsV2) for why it failed.');
    }
    // MSK has not started the update yet (or the version did not change on it): wait.
    log({ event: 'waiting-for-update-to-start', clusterArn, version: cluster.CurrentVersion });
    return { IsComplete: false };
  }
  // The cluster was busy at onEvent (or IAM was turned off since): send the update now.
  // Nothing carries over from one isComplete to the next, so an update that ends with IAM off
  // is sent again at the next poll, until the Provider's total timeout fails the deployment.
  await requestIamConnectivity(kafka, cluster, log);
  return { IsComplete: false };
}

/** Whether the cluster's multi-VPC private connectivity has IAM client authentication on. */
export function iamConnectivityOn(cluster: Cluster): boolean {
  return cluster.Provisioned?.BrokerNodeGroupInfo?.ConnectivityInfo?.VpcConnectivity
    ?.ClientAuthentication?.Sasl?.Iam?.Enabled === true;
}

/**
 * The `UpdateConnectivity` request that turns IAM on and keeps what else is on (SASL/SCRAM,
 * TLS): MSK's API takes the whole `VpcConnectivity` block. Public access is not sent, so as
 * not to change it.
 */
export function iamConnectivityRequest(cluster: Cluster): UpdateConnectivityRequest {
  const current = cluster.Provisioned?.BrokerNodeGroupInfo?.ConnectivityInfo?.VpcConnectivity?.ClientAuthentication;
  return {
    ClusterArn: cluster.ClusterArn,
    CurrentVersion: cluster.CurrentVersion,
    ConnectivityInfo: {
      VpcConnectivity: {
        ClientAuthentication: {
          Sasl: {
            Iam: { Enabled: true },
            Scram: { Enabled: current?.Sasl?.Scram?.Enabled === true },
          },
          Tls: { Enabled: current?.Tls?.Enabled === true },
        },
      },
    },
  };
}

/** Sends the update; false if MSK answered that another operation holds the cluster (try again later). */
async function requestIamConnectivity(kafka: KafkaControl, cluster: Cluster, log: ConnectivityLog): Promise<boolean> {
  try {
    const operationArn = await kafka.updateConnectivity(iamConnectivityRequest(cluster));
    log({ event: 'update-requested', clusterArn: cluster.ClusterArn, version: cluster.CurrentVersion, operationArn });
    return true;
  } catch (e) {
    if ((e as { name?: string }).name === 'ConflictException') {
      log({ event: 'update-conflict', clusterArn: cluster.ClusterArn, message: (e as Error).message });
      return false;
    }
    throw new Error(`${cluster.ClusterArn}: UpdateConnectivity (multi-VPC private connectivity with IAM) failed: `
      + `${(e as { name?: string }).name ?? 'Error'}: ${(e as Error).message}`);
  }
}

async function describe(kafka: KafkaControl, clusterArn: string): Promise<Cluster> {
  const cluster = await kafka.describeCluster(clusterArn);
  if (cluster.State === 'FAILED') {
    const info = cluster.StateInfo;
    throw new Error(`${clusterArn}: the cluster is FAILED (${info?.Code ?? 'no code'}: ${info?.Message ?? 'no message'}); `
      + 'multi-VPC private connectivity cannot be turned on.');
  }
  if (cluster.ClusterType === 'SERVERLESS' || (cluster.Serverless && !cluster.Provisioned)) {
    throw new Error(`${clusterArn}: a Serverless cluster; MultiVpcConnectivity turns on multi-VPC connectivity of provisioned clusters only.`);
  }
  return cluster;
}

/** Create, or an Update that moves the resource to another cluster. */
function needsWork(event: ConnectivityEvent): boolean {
  if (event.RequestType === 'Create') {
    return true;
  }
  return event.RequestType === 'Update'
    && clusterArnOf(event.ResourceProperties) !== event.OldResourceProperties?.[CLUSTER_ARN_PROPERTY];
}

function clusterArnOf(properties: Record<string, unknown>): string {
  const arn = properties[CLUSTER_ARN_PROPERTY];
  if (typeof arn !== 'string' || arn.length === 0) {
    throw new Error(`the custom resource's ${CLUSTER_ARN_PROPERTY} property is missing (got ${JSON.stringify(arn)})`);
  }
  return arn;
}
