import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DOMAIN } from './opensearch-helpers';
import { StreamingIngest } from '../../src';
import { DedicatedMasters, IndexToOpenSearch, SecureSearchDomain, SecureSearchDomainProps } from '../../src/sinks';
import { kafkaTopic } from '../analytics/analytics-fixtures';
import { testApp, testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';

describe('SecureSearchDomain', () => {
  test('is secure by default: FGAC with an IAM master role, node-to-node, KMS at rest, HTTPS TLS 1.2 PFS, 3 zones, 3 masters, logs', () => {
    const stack = testStack();
    new SecureSearchDomain(stack, 'Search');
    const template = Template.fromStack(stack);
    template.hasResource(DOMAIN, {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EngineVersion: 'OpenSearch_2.19',
        AdvancedSecurityOptions: Match.objectLike({
          Enabled: true, InternalUserDatabaseEnabled: false, MasterUserOptions: { MasterUserARN: Match.anyValue() },
        }),
        NodeToNodeEncryptionOptions: { Enabled: true },
        EncryptionAtRestOptions: { Enabled: true },
        DomainEndpointOptions: Match.objectLike({ EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' }),
        ClusterConfig: Match.objectLike({
          InstanceCount: 3,
          InstanceType: 'r7g.large.search',
          ZoneAwarenessEnabled: true,
          ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
          DedicatedMasterEnabled: true,
          DedicatedMasterCount: 3,
          DedicatedMasterType: 'm7g.large.search',
          MultiAZWithStandbyEnabled: false,
        }),
        EBSOptions: Match.objectLike({ EBSEnabled: true, VolumeSize: 100, VolumeType: 'gp3' }),
        LogPublishingOptions: {
          SEARCH_SLOW_LOGS: Match.objectLike({ Enabled: true }),
          INDEX_SLOW_LOGS: Match.objectLike({ Enabled: true }),
          ES_APPLICATION_LOGS: Match.objectLike({ Enabled: true }),
        },
      }),
      DependsOn: [Match.stringLikeRegexp('^SearchLogsResourcePolicy')],
      // An engine version change upgrades in place instead of replacing the domain.
      UpdatePolicy: { EnableVersionUpgrade: true },
    });
    // KMS at rest with a key of the domain's own: rotated, retained with the domain, and so is the master role.
    const domain = Object.values(template.findResources(DOMAIN))[0];
    const keys = template.findResources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(1);
    const [keyId, key] = Object.entries(keys)[0];
    expect(key).toEqual(expect.objectContaining({ DeletionPolicy: 'Retain', Properties: expect.objectContaining({ EnableKeyRotation: true }) }));
    expect(domain.Properties.EncryptionAtRestOptions).toEqual({ Enabled: true, KmsKeyId: { Ref: keyId } });
    const masterArn = domain.Properties.AdvancedSecurityOptions.MasterUserOptions.MasterUserARN;
    expect(template.findResources('AWS::IAM::Role')[masterArn['Fn::GetAtt'][0]]).toEqual(expect.objectContaining({ DeletionPolicy: 'Retain' }));
    // The logs resource policy is retained with the domain (and its retained log groups), which goes on writing logs.
    template.hasResource('AWS::Logs::ResourcePolicy', { DeletionPolicy: 'Retain', Properties: { PolicyDocument: Match.anyValue(), PolicyName: Match.anyValue() } });
    // No Lambda-backed custom resource for the logs policy or an access policy.
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('the new key and master role follow the domain\'s removal policy; a given key is used as is', () => {
    const stack = testStack();
    new SecureSearchDomain(stack, 'Search', { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::Logs::ResourcePolicy', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::IAM::Role', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ Description: Match.stringLikeRegexp('^Master user') }) });
    const given = testStack();
    const key = new kms.Key(given, 'Given');
    new SecureSearchDomain(given, 'Search', { encryptionKey: key });
    const givenTemplate = Template.fromStack(given);
    givenTemplate.resourceCountIs('AWS::KMS::Key', 1);
    const keyRef = { Ref: given.getLogicalId(key.node.defaultChild as kms.CfnKey) };
    givenTemplate.hasResourceProperties(DOMAIN, { EncryptionAtRestOptions: { Enabled: true, KmsKeyId: keyRef } });
  });

  test('tokens pass for the zone count, data nodes and master count', () => {
    const stack = testStack();
    const zones = new CfnParameter(stack, 'Zones', { type: 'Number' }).valueAsNumber;
    const nodes = new CfnParameter(stack, 'Nodes', { type: 'Number' }).valueAsNumber;
    const masters = new CfnParameter(stack, 'Masters', { type: 'Number' }).valueAsNumber;
    const domain = new SecureSearchDomain(stack, 'Search', { availabilityZoneCount: zones, dataNodes: nodes, dedicatedMasters: DedicatedMasters.of({ count: masters }) });
    Template.fromStack(stack).hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({
        InstanceCount: { Ref: 'Nodes' },
        ZoneAwarenessConfig: { AvailabilityZoneCount: { Ref: 'Zones' } },
        DedicatedMasterCount: { Ref: 'Masters' },
      }),
    });
    expect(stack.resolve(domain.availabilityZoneCount)).toEqual({ Ref: 'Zones' });
  });

  test('no dedicated masters with a reason; a VPC domain with one subnet per zone', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new SecureSearchDomain(stack, 'Search', { vpc, dedicatedMasters: DedicatedMasters.none('a development domain') });
    Template.fromStack(stack).hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({ InstanceCount: 2, DedicatedMasterEnabled: false, ZoneAwarenessConfig: { AvailabilityZoneCount: 2 } }),
      VPCOptions: Match.objectLike({ SubnetIds: [Match.objectLike({ Ref: Match.anyValue() }), Match.objectLike({ Ref: Match.anyValue() })] }),
    });
  });

  test.each<[string, SecureSearchDomainProps, string]>([
    ['4 data nodes over 3 zones', { dataNodes: 4 }, '`dataNodes` must be a multiple of the 3 availability zones, got 4: OpenSearch Service spreads data nodes evenly over the zones'],
    ['1 zone', { availabilityZoneCount: 1 }, '`availabilityZoneCount` must be an integer between 2 and 3, got 1'],
    ['4 masters', { dedicatedMasters: DedicatedMasters.of({ count: 4 }) }, '`dedicatedMasters` must have 3 or 5 nodes, got 4: an odd number keeps a quorum when one master node is lost'],
    ['no masters without a reason', { dedicatedMasters: DedicatedMasters.none(' ') }, '`dedicatedMasters`: `DedicatedMasters.none()` needs a reason, got an empty one'],
    ['a 5 GiB volume', { volumeSizeGiB: 5 }, '`volumeSizeGiB` must be a finite number of at least 10 GiB, got 5'],
    ['vpcSubnets without vpc', { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, '`vpcSubnets` applies to a domain in a `vpc`, and there is none'],
    ['securityGroups without vpc', { securityGroups: [] }, '`securityGroups` applies to a domain in a `vpc`, and there is none'],
    ['an upper-case name', { domainName: 'Orders' }, '`domainName` must be 3-28 lower-case letters, digits and hyphens, starting with a letter, got \'Orders\''],
  ])('refuses %s', (_name, props, message) => {
    expectInputError(() => new SecureSearchDomain(testStack(), 'Search', props), `TestStack/Search: ${message}`);
  });
});

describe('IndexToOpenSearch under cdk-nag AwsSolutions and the CloudFormation validation', () => {
  const validationSetting = process.env.CDK_VALIDATION;
  beforeAll(() => { delete process.env.CDK_VALIDATION; });
  afterAll(() => { process.env.CDK_VALIDATION = validationSetting; });

  function checkedApp(): { app: App; stack: Stack } {
    const app = testApp({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return { app, stack: new Stack(app, 'Search', { env: { account: '111111111111', region: 'us-east-1' } }) };
  }
  function findings(app: App): string[] {
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf-8'));
    return report.pluginReports.flatMap((r: { pluginName: string; violations: Array<{ ruleName: string }> }) =>
      r.violations.map(v => `${r.pluginName}: ${v.ruleName}`));
  }

  test('a Kinesis-sourced index into a new public domain, and a Kafka-sourced index delivered in a VPC, pass with no finding', () => {
    const { app, stack } = checkedApp();
    const logs = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'the access-logs bucket cannot log to itself' });
    new IndexToOpenSearch(stack, 'Orders', { source: new StreamingIngest(stack, 'Ingest'), indexName: 'orders', accessLogsBucket: logs });
    const { vpc, topic } = kafkaTopic(stack);
    Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'the test\'s own VPC, not the library\'s' });
    new IndexToOpenSearch(stack, 'Topic', { source: topic, indexName: 'topic', vpc, accessLogsBucket: logs });

    expect(() => app.synth()).not.toThrow();
    expect(findings(app)).toEqual([]);
  });
});
