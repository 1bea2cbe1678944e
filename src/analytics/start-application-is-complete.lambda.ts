/**
 * Entry of `StartApplication`'s isComplete handler (custom-resources Provider framework):
 * done once the Managed Flink application is RUNNING; fails with Managed Flink's reason if
 * the start failed. The logic is in `start/start-handler`.
 */
import { jsonLog, sdkFlinkControl } from './start/flink-control';
import { isStartComplete, StartEvent } from './start/start-handler';

const flink = sdkFlinkControl();

export const handler = (event: StartEvent) => isStartComplete(event, flink, jsonLog);
