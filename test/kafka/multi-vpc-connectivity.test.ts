import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as msk from 'aws-cdk-lib/aws-msk';
import { firehoseClusterPolicy } from '../../src/kafka/firehose-cluster-policy';
import { allowMultiVpcClients, MultiVpcConnectivity } from '../../src/kafka/multi-vpc-connectivity';
import { testStack } from '../app-fixture';
import { nagFindings, withValidationOn } from '../nag-findings';
import { getAtt, logicalId, ref } from '../template-refs';

/** A provisioned IAM-auth cluster, as KafkaBridge makes it (only what the template needs). */
function cluster(stack: Stack): { cluster: msk.CfnCluster; vpc: ec2.Vpc; securityGroup: ec2.SecurityGroup } {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'brokers', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const securityGroup = new ec2.SecurityGroup(stack, 'Brokers', { vpc, allowAllOutbound: false });
  const resource = new msk.CfnCluster(stack, 'Cluster', {
    clusterName: 'orders',
    kafkaVersion: '3.8.x',
    numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: {
      instanceType: 'kafka.m7g.large',
      clientSubnets: vpc.isolatedSubnets.map(s => s.subnetId),
      securityGroups: [securityGroup.securityGroupId],
    },
    clientAuthentication: { sasl: { iam: { enabled: true } } },
  });
  return { cluster: resource, vpc, securityGroup };
}

function resourcesOf(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

/** The one resource of `type` whose logical id starts with `prefix`. */
function only(template: Template, type: string, prefix: string): any {
  const matches = Object.entries(resourcesOf(template, type)).filter(([id]) => id.startsWith(prefix));
  expect(matches.map(([id]) => id)).toHaveLength(1);
  return matches[0][1];
}

describe('MultiVpcConnectivity', () => {
  test('one custom resource on the cluster\'s ARN, waiting for the cluster, with CloudFormation\'s full hour', () => {
    const stack = testStack();
    const { cluster: resource } = cluster(stack);
    const connectivity = new MultiVpcConnectivity(stack, 'Connectivity', { clusterArn: resource.attrArn, cluster: resource });
    const template = Template.fromStack(stack);

    const custom = resourcesOf(template, 'Custom::MskMultiVpcConnectivity');
    expect(Object.keys(custom)).toEqual([logicalId(connectivity.resource)]);
    const [found] = Object.values(custom);
    expect(found.Properties).toEqual({
      ServiceToken: getAtt(connectivity.provider.node.findChild('framework-onEvent'), 'Arn'),
      ServiceTimeout: '3600',
      ClusterArn: getAtt(resource, 'Arn'),
    });
    expect(found.DependsOn).toEqual([logicalId(resource)]);
    expect(found.DeletionPolicy).toBe('Delete');
  });

  test('the handlers\' role: exactly DescribeClusterV2 and UpdateConnectivity on the cluster, EC2 describes in the Region, its own logs', () => {
    const stack = testStack();
    const { cluster: resource } = cluster(stack);
    const connectivity = new MultiVpcConnectivity(stack, 'Connectivity', { clusterArn: resource.attrArn, cluster: resource });
    const template = Template.fromStack(stack);

    const policy = only(template, 'AWS::IAM::Policy', 'ConnectivityHandlerRoleDefaultPolicy');
    expect(policy.Properties.Roles).toEqual([ref(connectivity.role)]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['kafka:DescribeClusterV2', 'kafka:UpdateConnectivity'], Resource: getAtt(resource, 'Arn') },
      {
        Effect: 'Allow',
        Action: ['ec2:DescribeSubnets', 'ec2:DescribeRouteTables'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: getAtt(connectivity.node.findChild('HandlerLogs'), 'Arn'),
      },
    ]);
    const role = only(template, 'AWS::IAM::Role', 'ConnectivityHandlerRole');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });

  test('a customer-managed key adds kms:CreateGrant and kms:DescribeKey on that key only', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    new MultiVpcConnectivity(stack, 'Connectivity', {
      clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1', encryptionKey: key,
    });

    const policy = only(Template.fromStack(stack), 'AWS::IAM::Policy', 'ConnectivityHandlerRoleDefaultPolicy');
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      { Effect: 'Allow', Action: ['kms:CreateGrant', 'kms:DescribeKey'], Resource: getAtt(key, 'Arn') });
    expect(policy.Properties.PolicyDocument.Statement).toHaveLength(4);
  });

  test('both handlers are the shipped bundles on Node.js 24, arm64, one minute, with the role and log group', () => {
    const stack = testStack();
    const connectivity = new MultiVpcConnectivity(stack, 'Connectivity', {
      clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1',
    });
    const template = Template.fromStack(stack);

    for (const id of ['ConnectivityOnEvent', 'ConnectivityIsComplete']) {
      const fn = only(template, 'AWS::Lambda::Function', id);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Architectures: ['arm64'],
        Timeout: 60,
        MemorySize: 256,
        Role: getAtt(connectivity.role, 'Arn'),
        LoggingConfig: { LogGroup: ref(connectivity.node.findChild('HandlerLogs')) },
      });
    }
    expect(fs.existsSync(path.join(__dirname, '../../assets/kafka/multi-vpc-on-event.lambda/index.js'))).toBe(true);
    expect(fs.existsSync(path.join(__dirname, '../../assets/kafka/multi-vpc-is-complete.lambda/index.js'))).toBe(true);
  });

  test('the bundles leave the AWS SDK to the Lambda runtime', () => {
    for (const name of ['multi-vpc-on-event.lambda', 'multi-vpc-is-complete.lambda']) {
      const bundle = fs.readFileSync(path.join(__dirname, `../../assets/kafka/${name}/index.js`), 'utf-8');
      expect(bundle).toContain('require("@aws-sdk/client-kafka")');
    }
  });

  test('the waiter polls every 60 s for 55 minutes and logs every state without the execution data', () => {
    const stack = testStack();
    new MultiVpcConnectivity(stack, 'Connectivity', { clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1' });

    const machine = only(Template.fromStack(stack), 'AWS::StepFunctions::StateMachine', 'ConnectivityProviderwaiterstatemachine');
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":60,\\"MaxAttempts\\":55,\\"BackoffRate\\":1');
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });

  test('a plain ARN (imported cluster) gives a resource with no DependsOn', () => {
    const stack = testStack();
    const connectivity = new MultiVpcConnectivity(stack, 'Connectivity', {
      clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1',
    });

    const custom = Template.fromStack(stack).findResources('Custom::MskMultiVpcConnectivity')[logicalId(connectivity.resource)];
    expect(custom.DependsOn).toBeUndefined();
    expect(custom.Properties.ClusterArn).toBe('arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1');
  });
});

describe('firehoseClusterPolicy', () => {
  test('lets firehose.amazonaws.com create its VPC connection and read the brokers, on this cluster, for this account', () => {
    const stack = testStack();
    const { cluster: resource } = cluster(stack);
    const policy = firehoseClusterPolicy(stack, 'ClusterPolicy', { clusterArn: resource.attrArn, cluster: resource });

    const policies = Template.fromStack(stack).findResources('AWS::MSK::ClusterPolicy');
    expect(Object.keys(policies)).toEqual([logicalId(policy)]);
    const [found] = Object.values(policies);
    expect(found.DependsOn).toEqual([logicalId(resource)]);
    expect(found.Properties).toEqual({
      ClusterArn: getAtt(resource, 'Arn'),
      Policy: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'FirehoseVpcConnection',
          Effect: 'Allow',
          Principal: { Service: 'firehose.amazonaws.com' },
          Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2'],
          Resource: getAtt(resource, 'Arn'),
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        }],
      },
    });
  });

  test('further statements join the same, single policy', () => {
    const stack = testStack();
    const arn = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1';
    firehoseClusterPolicy(stack, 'ClusterPolicy', {
      clusterArn: arn,
      additionalStatements: [new iam.PolicyStatement({
        principals: [new iam.AccountPrincipal('222222222222')], actions: ['kafka:CreateVpcConnection'], resources: [arn],
      })],
    });

    const [found] = Object.values(Template.fromStack(stack).findResources('AWS::MSK::ClusterPolicy'));
    expect(found.Properties.Policy.Statement.map((s: { Principal: unknown }) => s.Principal)).toEqual([
      { Service: 'firehose.amazonaws.com' },
      { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] } },
    ]);
    expect(found.DependsOn).toBeUndefined();
  });
});

describe('allowMultiVpcClients', () => {
  test('opens TCP 14001-14100 on the brokers\' security group from the given peer only', () => {
    const stack = testStack();
    const { vpc, securityGroup } = cluster(stack);
    allowMultiVpcClients(securityGroup, ec2.Peer.ipv4(vpc.vpcCidrBlock));

    const group = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup')[logicalId(securityGroup)];
    expect(group.Properties.SecurityGroupIngress).toEqual([{
      CidrIp: getAtt(vpc, 'CidrBlock'),
      Description: 'MSK multi-VPC private connectivity (managed VPC connections, e.g. Firehose)',
      FromPort: 14001,
      ToPort: 14100,
      IpProtocol: 'tcp',
    }]);
  });
});

describe('under cdk-nag AwsSolutions and the built-in CloudFormation validation', () => {
  withValidationOn();

  test('the checks run here: an unacknowledged wildcard is reported', () => {
    expect(nagFindings(stack => new iam.Role(stack, 'Wild', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { wild: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kafka:*'], resources: ['*'] })] }) },
    }))).toEqual(['AwsSolutions: AwsSolutions-IAM5[Action::kafka:*]', 'AwsSolutions: AwsSolutions-IAM5[Resource::*]']);
  });

  test.each([
    ['an AWS managed key', false],
    ['a customer-managed key', true],
  ])('MultiVpcConnectivity and the cluster policy with %s synthesize with no finding', (_name, withKey) => {
    const arn = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/6f2c-1';
    expect(nagFindings(stack => {
      new MultiVpcConnectivity(stack, 'Connectivity', {
        clusterArn: arn,
        encryptionKey: withKey ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined,
      });
      firehoseClusterPolicy(stack, 'ClusterPolicy', { clusterArn: arn });
    })).toEqual([]);
  });
});
