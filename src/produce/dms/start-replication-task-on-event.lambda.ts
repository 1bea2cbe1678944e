/**
 * Entry of `StartReplicationTask`'s onEvent handler (custom-resources Provider framework):
 * starts or resumes a DMS replication task, or stops it on Delete. The logic is in
 * `start/task-start-handler`.
 */
import { jsonLog, sdkTaskControl } from './start/task-control';
import { onTaskEvent, TaskEvent } from './start/task-start-handler';

const dms = sdkTaskControl();

export const handler = (event: TaskEvent) => onTaskEvent(event, dms, jsonLog);
