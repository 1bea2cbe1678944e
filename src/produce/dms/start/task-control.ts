import {
  DatabaseMigrationServiceClient, DescribeReplicationTasksCommand, ResourceNotFoundFault,
  StartReplicationTaskCommand, StopReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import type { TaskControl } from './task-start-handler';

/**
 * `TaskControl` on the AWS SDK's DMS client (in the Lambda runtime, external to the bundle).
 *
 * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_DescribeReplicationTasks.html
 */
export function sdkTaskControl(client: DatabaseMigrationServiceClient = new DatabaseMigrationServiceClient({})): TaskControl {
  return {
    async describeTask(taskArn) {
      try {
        const response = await client.send(new DescribeReplicationTasksCommand({
          Filters: [{ Name: 'replication-task-arn', Values: [taskArn] }],
          WithoutSettings: true,
        }));
        return response.ReplicationTasks?.[0];
      } catch (e) {
        if (e instanceof ResourceNotFoundFault || (e as { name?: string }).name === 'ResourceNotFoundFault') {
          return undefined;
        }
        throw e;
      }
    },
    async startTask(taskArn, type) {
      await client.send(new StartReplicationTaskCommand({ ReplicationTaskArn: taskArn, StartReplicationTaskType: type }));
    },
    async stopTask(taskArn) {
      await client.send(new StopReplicationTaskCommand({ ReplicationTaskArn: taskArn }));
    },
  };
}

/** A JSON line on the function's log. */
export function jsonLog(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}
