import {
  DescribeApplicationCommand, DescribeApplicationOperationCommand, KinesisAnalyticsV2Client,
  ListApplicationOperationsCommand, ListApplicationSnapshotsCommand, SnapshotDetails, StartApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import type { FlinkControl } from './start-handler';

/**
 * `FlinkControl` on the AWS SDK's Managed Flink client (in the Lambda runtime, external to
 * the bundle).
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_Operations.html
 */
export function sdkFlinkControl(client: KinesisAnalyticsV2Client = new KinesisAnalyticsV2Client({})): FlinkControl {
  return {
    async describeApplication(applicationName) {
      const response = await client.send(new DescribeApplicationCommand({ ApplicationName: applicationName }));
      if (!response.ApplicationDetail) {
        throw new Error(`${applicationName}: DescribeApplication returned no ApplicationDetail`);
      }
      return response.ApplicationDetail;
    },
    async startApplication(request) {
      const response = await client.send(new StartApplicationCommand(request));
      return response.OperationId;
    },
    async listSnapshots(applicationName) {
      const snapshots: SnapshotDetails[] = [];
      let nextToken: string | undefined;
      do {
        const response = await client.send(new ListApplicationSnapshotsCommand({ ApplicationName: applicationName, NextToken: nextToken }));
        snapshots.push(...response.SnapshotSummaries ?? []);
        nextToken = response.NextToken;
      } while (nextToken);
      return snapshots;
    },
    async listOperations(applicationName) {
      const response = await client.send(new ListApplicationOperationsCommand({ ApplicationName: applicationName }));
      return response.ApplicationOperationInfoList ?? [];
    },
    async describeOperation(applicationName, operationId) {
      const response = await client.send(new DescribeApplicationOperationCommand({ ApplicationName: applicationName, OperationId: operationId }));
      return response.ApplicationOperationInfoDetails;
    },
  };
}

/** A JSON line on the function's log. */
export function jsonLog(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}
