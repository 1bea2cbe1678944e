import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describeBridges } from '../../examples/plan-report';
import { referenceApp } from '../../examples/reference-app';
import { KafkaBridge } from '../../src';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));
function kafkaTemplate(): { app: ReturnType<typeof referenceApp>; template: Template } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-kafka-'));
  outdirs.push(outdir);
  const app = referenceApp({ outdir });
  return { app, template: Template.fromStack(app.node.findChild('KafkaPipeline') as Stack) };
}

describe('the Kafka reference pipeline', () => {
  test('a cluster sized from its workload: 3 m7g.large brokers, IAM only, TLS, storage encrypted with the team key', () => {
    const { template } = kafkaTemplate();
    template.hasResourceProperties('AWS::MSK::Cluster', {
      NumberOfBrokerNodes: 3,
      BrokerNodeGroupInfo: Match.objectLike({ InstanceType: 'kafka.m7g.large', StorageInfo: { EBSStorageInfo: { VolumeSize: 7594 } } }),
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterKey'), 'Arn'] } },
        EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
      },
    });
    template.hasResourceProperties('AWS::MSK::Topic', {
      TopicName: 'payments', PartitionCount: 6, ReplicationFactor: 3, Configs: Buffer.from('retention.ms=259200000').toString('base64'),
    });
  });

  test('the payment check reads the topic as its own consumer group, with provisioned pollers and no Kinesis-only settings', () => {
    const { template } = kafkaTemplate();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Payments'), 'Arn'] },
      Topics: ['payments'],
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'payment-check' },
      ProvisionedPollerConfig: { MinimumPollers: 1 },
      ParallelizationFactor: Match.absent(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PaymentCheckConsumerFailureBucket'), 'Arn'] } } },
    });
    // Lambda's pollers reach Lambda, STS and the failure bucket from the brokers' isolated subnets.
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({}) });
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 2);
    // The mapping waits for the topic (no auto-creation) and the endpoints its pollers use.
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as any[];
    const needs = [...Object.keys(template.findResources('AWS::MSK::Topic')), ...Object.keys(template.findResources('AWS::EC2::VPCEndpoint'))];
    expect(needs).toHaveLength(4);
    expect(mapping.DependsOn).toEqual(expect.arrayContaining(needs));
  });

  test('the lake reads the topic with Firehose over the cluster\'s private connectivity', () => {
    const { template } = kafkaTemplate();
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'MSKAsSource',
      MSKSourceConfiguration: {
        MSKClusterARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Payments'), 'Arn'] },
        TopicName: 'payments',
        AuthenticationConfiguration: { Connectivity: 'PRIVATE', RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LakeDeliveryRole'), 'Arn'] } },
        // The earliest record kept, not the moment the delivery stream becomes active.
        ReadFromTimestamp: '1970-01-01T00:00:00Z',
      },
    });
    // CloudFormation cannot turn multi-VPC connectivity on at creation: the bridge does, and the delivery stream waits for it.
    const [stream] = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream')) as any[];
    const connectivity = Object.keys(template.findResources('Custom::MskMultiVpcConnectivity'));
    const policy = Object.keys(template.findResources('AWS::MSK::ClusterPolicy'));
    expect(connectivity).toHaveLength(1);
    expect(policy).toHaveLength(1);
    const topic = Object.keys(template.findResources('AWS::MSK::Topic'));
    expect(stream.DependsOn).toEqual(expect.arrayContaining([...connectivity, ...policy, ...topic]));
    // MSK refuses topic changes while the connectivity update restarts the brokers: the topic comes first.
    expect(template.findResources('Custom::MskMultiVpcConnectivity')[connectivity[0]].DependsOn).toEqual(expect.arrayContaining(topic));
    template.hasResourceProperties('AWS::MSK::ClusterPolicy', {
      Policy: { Statement: [Match.objectLike({ Principal: { Service: 'firehose.amazonaws.com' }, Action: Match.arrayWith(['kafka:CreateVpcConnection']) })] },
    });
  });

  test('the plan report prints the broker plan, the topic and its consumer groups', () => {
    const { app } = kafkaTemplate();
    const assembly = app.synth();
    const bridges = app.node.findAll().filter((c): c is KafkaBridge => c instanceof KafkaBridge);
    const report = describeBridges(bridges, assembly);
    expect(report).toContain('Kafka cluster KafkaPipeline/Payments/Kafka (Standard brokers, 8 alarms)');
    expect(report).toContain('3 × kafka.m7g.large Standard brokers across 3 AZs');
    expect(report).toContain('topic payments: 6 partitions × 3 replicas, 3 d retention');
    expect(report).toContain('reader payment-check  (KafkaPipeline/PaymentCheckConsumer)');
    expect(report.match(/Kinesis is cheaper/g)).toHaveLength(1);
  });
});

describe('what an aws-cdk-lib upgrade would change in the Kafka pipeline', () => {
  test('its resources, counted by type: a feature flag or an upgrade that adds or drops one shows here', () => {
    // Only the reference pipeline has a full snapshot. This one records, among the rest,
    // what the flags `cdk init` sets add: the VPC's default security group emptied by a
    // custom resource (Custom::VpcRestrictDefaultSG) and a log group per function.
    const resources = kafkaTemplate().template.toJSON().Resources as Record<string, { Type: string }>;
    const counts: Record<string, number> = {};
    for (const { Type } of Object.values(resources)) {
      counts[Type] = (counts[Type] ?? 0) + 1;
    }
    expect(Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))).toMatchSnapshot();
  });
});

