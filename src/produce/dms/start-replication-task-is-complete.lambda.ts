/**
 * Entry of `StartReplicationTask`'s isComplete handler (custom-resources Provider framework):
 * done once the DMS replication task runs (or, on Delete, has stopped); fails with DMS's
 * reason if the start failed. The logic is in `start/task-start-handler`.
 */
import { jsonLog, sdkTaskControl } from './start/task-control';
import { isTaskComplete, TaskEvent } from './start/task-start-handler';

const dms = sdkTaskControl();

export const handler = (event: TaskEvent) => isTaskComplete(event, dms, jsonLog);
