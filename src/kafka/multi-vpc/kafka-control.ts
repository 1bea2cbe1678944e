import { DescribeClusterV2Command, KafkaClient, UpdateConnectivityCommand } from '@aws-sdk/client-kafka';
import type { KafkaControl } from './connectivity-handler';

/**
 * `KafkaControl` on the AWS SDK's MSK client (in the Lambda runtime, external to the bundle).
 *
 * @see https://docs.aws.amazon.com/msk/1.0/apireference/v2-clusters-clusterarn.html
 * @see https://docs.aws.amazon.com/msk/1.0/apireference/clusters-clusterarn-connectivity.html
 */
export function sdkKafkaControl(client: KafkaClient = new KafkaClient({})): KafkaControl {
  return {
    async describeCluster(clusterArn) {
      const response = await client.send(new DescribeClusterV2Command({ ClusterArn: clusterArn }));
      if (!response.ClusterInfo) {
        throw new Error(`${clusterArn}: DescribeClusterV2 returned no ClusterInfo`);
      }
      return response.ClusterInfo;
    },
    async updateConnectivity(request) {
      const response = await client.send(new UpdateConnectivityCommand(request));
      return response.ClusterOperationArn;
    },
  };
}

/** A JSON line on the function's log. */
export function jsonLog(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}
