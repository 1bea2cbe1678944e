/**
 * Entry of `StartApplication`'s onEvent handler (custom-resources Provider framework): starts
 * a READY Managed Flink application, or leaves it to isComplete while it is busy. The logic
 * is in `start/start-handler`.
 */
import { jsonLog, sdkFlinkControl } from './start/flink-control';
import { onStartEvent, StartEvent } from './start/start-handler';

const flink = sdkFlinkControl();

export const handler = (event: StartEvent) => onStartEvent(event, flink, jsonLog);
