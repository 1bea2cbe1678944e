/**
 * Entry of `MultiVpcConnectivity`'s onEvent handler (custom-resources Provider framework):
 * sends `UpdateConnectivity` to turn on multi-VPC private connectivity with IAM, or leaves
 * it to isComplete while the cluster is busy. The logic is in `multi-vpc/connectivity-handler`.
 */
import { ConnectivityEvent, onConnectivityEvent } from './multi-vpc/connectivity-handler';
import { jsonLog, sdkKafkaControl } from './multi-vpc/kafka-control';

const kafka = sdkKafkaControl();

export const handler = (event: ConnectivityEvent) => onConnectivityEvent(event, kafka, jsonLog);
