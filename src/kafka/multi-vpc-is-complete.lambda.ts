/**
 * Entry of `MultiVpcConnectivity`'s isComplete handler (custom-resources Provider framework):
 * done once the cluster is ACTIVE with multi-VPC private connectivity (IAM) on. The logic is
 * in `multi-vpc/connectivity-handler`.
 */
import { ConnectivityEvent, isConnectivityComplete } from './multi-vpc/connectivity-handler';
import { jsonLog, sdkKafkaControl } from './multi-vpc/kafka-control';

const kafka = sdkKafkaControl();

export const handler = (event: ConnectivityEvent) => isConnectivityComplete(event, kafka, jsonLog);
