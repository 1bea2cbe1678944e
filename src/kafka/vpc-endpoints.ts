import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct, IDependable } from 'constructs';

/** The AWS services a cluster's readers may call from the brokers' subnets. */
export type ReaderService = 'lambda' | 'sts' | 's3' | 'sqs' | 'sns' | 'kinesis' | 'dynamodb' | 'glue';

/** Services with a gateway endpoint (free, no security group): S3 and DynamoDB. */
const GATEWAY_SERVICES: Partial<Record<ReaderService, ec2.GatewayVpcEndpointAwsService>> = {
  s3: ec2.GatewayVpcEndpointAwsService.S3,
  dynamodb: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
};

const INTERFACE_SERVICES: Partial<Record<ReaderService, ec2.InterfaceVpcEndpointAwsService>> = {
  lambda: ec2.InterfaceVpcEndpointAwsService.LAMBDA,
  sts: ec2.InterfaceVpcEndpointAwsService.STS,
  sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
  sns: ec2.InterfaceVpcEndpointAwsService.SNS,
  kinesis: ec2.InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
  glue: ec2.InterfaceVpcEndpointAwsService.GLUE,
};

/**
 * The VPC endpoints of a cluster's subnets, created once per service when a reader
 * first needs one. S3 and DynamoDB get gateway endpoints (free); the others interface
 * endpoints with private DNS, open on 443 to the brokers' security groups (Lambda's pollers
 * and MSK Connect's workers run with them) and to any job that asks with its own.
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
   * Makes `service` reachable from the brokers' subnets (once), for the brokers' security
   * groups and for `client` if given (a job with its own security group), and returns the
   * endpoint resource to wait for (not the construct, whose security group and rules would
   * come along).
   */
  public ensure(service: ReaderService, client?: ec2.IConnectable): IDependable {
    const id = service.toUpperCase();
    const existing = this.node.tryFindChild(id);
    if (existing) {
      this.allow(existing, service, client);
      return existing.node.defaultChild!;
    }
    const gateway = GATEWAY_SERVICES[service];
    if (gateway) {
      return new ec2.GatewayVpcEndpoint(this, id, { vpc: this.vpc, service: gateway, subnets: [this.subnets] }).node.defaultChild!;
    }
    const endpoint = new ec2.InterfaceVpcEndpoint(this, id, {
      vpc: this.vpc,
      service: INTERFACE_SERVICES[service]!,
      subnets: this.subnets,
      privateDnsEnabled: true,
      open: false,
    });
    endpoint.connections.allowDefaultPortFrom(this.clients, `HTTPS from the cluster's readers to ${service}`);
    this.allow(endpoint, service, client);
    return endpoint.node.defaultChild!;
  }

  /** Opens an interface endpoint to one more client (a gateway endpoint needs no rule). */
  private allow(endpoint: IConstruct, service: ReaderService, client: ec2.IConnectable | undefined): void {
    if (client && endpoint instanceof ec2.InterfaceVpcEndpoint) {
      endpoint.connections.allowDefaultPortFrom(client, `HTTPS from ${client instanceof Construct ? client.node.path : 'a reader'} to ${service}`);
    }
  }
}
