import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IDependable } from 'constructs';

/** The AWS services a cluster's readers may call from the brokers' subnets. */
export type ReaderService = 'lambda' | 'sts' | 's3' | 'sqs' | 'sns';

const INTERFACE_SERVICES: Record<Exclude<ReaderService, 's3'>, ec2.InterfaceVpcEndpointAwsService> = {
  lambda: ec2.InterfaceVpcEndpointAwsService.LAMBDA,
  sts: ec2.InterfaceVpcEndpointAwsService.STS,
  sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
  sns: ec2.InterfaceVpcEndpointAwsService.SNS,
};

/**
 * The VPC endpoints of a cluster's subnets, created once per service when a reader
 * first needs one. S3 gets a gateway endpoint (free); the others interface endpoints
 * with private DNS, open on 443 to the brokers' security groups (Lambda's pollers and
 * MSK Connect's workers run with them).
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-msk-cluster-network.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html
 */
export class ClusterVpcEndpoints extends Construct {
  constructor(scope: Construct, id: string,
    private readonly vpc: ec2.IVpc,
    private readonly subnets: ec2.SubnetSelection,
    private readonly clients: ec2.Connections) {
    super(scope, id);
  }

  /**
   * Makes `service` reachable from the brokers' subnets (once), and returns the endpoint
   * resource to wait for (not the construct, whose security group and rules would come along).
   */
  public ensure(service: ReaderService): IDependable {
    const id = service.toUpperCase();
    const existing = this.node.tryFindChild(id);
    if (existing) {
      return existing.node.defaultChild!;
    }
    if (service === 's3') {
      const gateway = new ec2.GatewayVpcEndpoint(this, id, { vpc: this.vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [this.subnets] });
      return gateway.node.defaultChild!;
    }
    const endpoint = new ec2.InterfaceVpcEndpoint(this, id, {
      vpc: this.vpc,
      service: INTERFACE_SERVICES[service],
      subnets: this.subnets,
      privateDnsEnabled: true,
      open: false,
    });
    endpoint.connections.allowDefaultPortFrom(this.clients, `HTTPS from the cluster's readers to ${service}`);
    return endpoint.node.defaultChild!;
  }
}
