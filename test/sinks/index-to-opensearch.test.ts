import { Annotations, App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations as Warnings, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { ALARM, DELIVERY_STREAM, deliveryStatements, DOMAIN, indexOfIngest, SINK } from './opensearch-helpers';
import { StreamingIngest, StreamReadMode } from '../../src';
import { DocumentIdFormat, IndexRotation, IndexToOpenSearch, IndexToOpenSearchProps, OpenSearchBackupMode, SecureSearchDomain } from '../../src/sinks';
import { kafkaTopic } from '../analytics/analytics-fixtures';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { getAtt } from '../template-refs';

const MAPPING_WARNING = 'cdk-streaming-pipelines:IndexToOpenSearch:deliveryRoleNeedsMapping';
const DOMAIN_ARN = 'arn:aws:es:us-east-1:111111111111:domain/orders';
const imported = (stack: Stack) => opensearch.Domain.fromDomainAttributes(stack, 'Imported', {
  domainArn: DOMAIN_ARN, domainEndpoint: 'https://search-orders-abc.us-east-1.es.amazonaws.com',
});
const vpcOf = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});

describe('IndexToOpenSearch of a StreamingIngest, by default', () => {
  test('Firehose reads the stream and indexes into a new secure domain, daily indices, 5 minutes or 5 MiB, 300 s retry, failed documents backed up', () => {
    const { ingest, sink, template } = indexOfIngest();
    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: getAtt(ingest.stream, 'Arn') },
      DeliveryStreamEncryptionConfigurationInput: Match.absent(),
      AmazonopensearchserviceDestinationConfiguration: {
        DomainARN: getAtt(sink.domain!, 'Arn'),
        IndexName: 'orders',
        IndexRotationPeriod: 'OneDay',
        DocumentIdOptions: { DefaultDocumentIdFormat: 'FIREHOSE_DEFAULT' },
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 5 },
        RetryOptions: { DurationInSeconds: 300 },
        RoleARN: getAtt(sink.deliveryRole, 'Arn'),
        S3BackupMode: 'FailedDocumentsOnly',
        S3Configuration: Match.objectLike({
          BucketARN: getAtt(sink.backupBucket, 'Arn'),
          Prefix: 'opensearch-backup/',
          CompressionFormat: 'GZIP',
          CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
        }),
        CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
        VpcConfiguration: Match.absent(),
      },
    });
    // The new domain's master user is its own assumable role, never the delivery role (only Firehose can assume it).
    const domain = sink.domain as SecureSearchDomain;
    template().hasResourceProperties(DOMAIN, {
      AdvancedSecurityOptions: Match.objectLike({ Enabled: true, MasterUserOptions: { MasterUserARN: getAtt(domain.masterUserRole, 'Arn') } }),
    });
    expect(domain.masterUserRole).not.toBe(sink.deliveryRole);
    template().hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }) });
  });

  test('Firehose is a polling reader of the source', () => {
    const { ingest } = indexOfIngest();
    expect(ingest.readers).toEqual([expect.objectContaining({ readMode: StreamReadMode.POLLING, path: SINK })]);
  });

  test('the delivery role may describe the domain and write the index paths, through its own policy, and the domain has no resource policy', () => {
    const { sink, template } = indexOfIngest();
    const arn = getAtt(sink.domain!, 'Arn');
    const join = (path: string) => ({ 'Fn::Join': ['', [arn, path]] });
    const statements = deliveryStatements(template());
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig'], Resource: arn }),
      expect.objectContaining({
        Action: ['es:ESHttpPost', 'es:ESHttpPut'],
        Resource: [arn, join('/_bulk'), join('/orders'), join('/orders/*'), join('/orders-*')],
      }),
      expect.objectContaining({
        Action: 'es:ESHttpGet',
        Resource: expect.arrayContaining([join('/_cluster/stats'), join('/orders/_mapping'), join('/orders-*/_mapping'), join('/orders-*/_stats')]),
      }),
    ]));
    expect(statements.flatMap(s => [s.Action].flat())).not.toContain('es:*');
    // `orders*` would also match another index, `ordersx`.
    expect(JSON.stringify(statements)).not.toContain('/orders*');
    template().hasResourceProperties(DOMAIN, { AccessPolicies: Match.absent() });
    template().resourceCountIs('Custom::OpenSearchAccessPolicy', 0);
  });

  test('alarms by DeliveryStreamName: freshness, success, failed documents, backup success, read latency and lag; quiet when idle', () => {
    const { sink, template } = indexOfIngest();
    const name = { Name: 'DeliveryStreamName', Value: { Ref: Object.keys(template().findResources(DELIVERY_STREAM))[0] } };
    const alarm = (metric: string, statistic: string, threshold: number, operator: string, periods: number, missing = 'notBreaching') =>
      template().hasResourceProperties(ALARM, {
        Namespace: 'AWS/Firehose',
        MetricName: metric,
        Statistic: statistic,
        Threshold: threshold,
        ComparisonOperator: operator,
        EvaluationPeriods: periods,
        Dimensions: [name],
        Period: 300,
        TreatMissingData: missing,
      });
    alarm('DeliveryToAmazonOpenSearchService.DataFreshness', 'Maximum', 900, 'GreaterThanThreshold', 3);
    alarm('DeliveryToAmazonOpenSearchService.Success', 'Minimum', 1, 'LessThanThreshold', 3);
    // Not DeliveryToS3.Records: Firehose emits it only when it backs up all documents.
    alarm('DeliveryToAmazonOpenSearchService.DeliveryRejected', 'Maximum', 0, 'GreaterThanThreshold', 1);
    alarm('DeliveryToAmazonOpenSearchService.AuthFailure', 'Maximum', 0, 'GreaterThanThreshold', 1);
    alarm('DeliveryToS3.Success', 'Minimum', 1, 'LessThanThreshold', 3);
    alarm('KinesisMillisBehindLatest', 'Maximum', 300000, 'GreaterThanThreshold', 3, 'ignore');
    alarm('KinesisMillisBehindLatest', 'Maximum', 6 * 3600 * 1000, 'GreaterThanThreshold', 3, 'ignore');
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'DeliveryToS3.Records' }, 0);
    expect(sink.alarms).toHaveLength(7);
  });

  test('metric methods are dimensioned by the delivery stream name', () => {
    const { stack, sink } = indexOfIngest();
    const metrics = [sink.metricDataFreshness(), sink.metricDeliverySuccess(), sink.metricIndexedRecords(), sink.metricBackupRecords(),
      sink.metricRejectedDeliveries(), sink.metricAuthFailures(), sink.metricBackupSuccess(), sink.metricReadLag()!];
    expect(metrics.map(m => `${m.metricName}/${m.statistic}`)).toEqual([
      'DeliveryToAmazonOpenSearchService.DataFreshness/Maximum', 'DeliveryToAmazonOpenSearchService.Success/Minimum',
      'DeliveryToAmazonOpenSearchService.Records/Sum', 'DeliveryToS3.Records/Sum',
      'DeliveryToAmazonOpenSearchService.DeliveryRejected/Maximum', 'DeliveryToAmazonOpenSearchService.AuthFailure/Maximum',
      'DeliveryToS3.Success/Minimum', 'KinesisMillisBehindLatest/Maximum',
    ]);
    // ThrottledRecords counts direct PUT only: with a source, producers write to the stream.
    expect(sink.metricThrottledRecords()).toBeUndefined();
    for (const m of metrics) {
      expect(stack.resolve(m.dimensions)).toEqual({ DeliveryStreamName: stack.resolve(sink.deliveryStreamName) });
    }
  });
});

describe('IndexToOpenSearch settings', () => {
  test('rotation, document ids, buffering, retry, all documents backed up', () => {
    const { template, sink } = indexOfIngest(() => ({
      indexRotation: IndexRotation.ONE_HOUR,
      documentIdFormat: DocumentIdFormat.NO_DOCUMENT_ID,
      bufferingInterval: Duration.seconds(60),
      bufferingSize: Size.mebibytes(100),
      retryDuration: Duration.hours(2),
      backupMode: OpenSearchBackupMode.ALL_DOCUMENTS,
    }));
    template().hasResourceProperties(DELIVERY_STREAM, {
      AmazonopensearchserviceDestinationConfiguration: Match.objectLike({
        IndexRotationPeriod: 'OneHour',
        DocumentIdOptions: { DefaultDocumentIdFormat: 'NO_DOCUMENT_ID' },
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 100 },
        RetryOptions: { DurationInSeconds: 7200 },
        S3BackupMode: 'AllDocuments',
      }),
    });
    // Every record is in the backup: refusals are still what the alarm watches, not the backup's record count.
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'DeliveryToS3.Records' }, 0);
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'DeliveryToAmazonOpenSearchService.DeliveryRejected' }, 1);
    expect(sink.alarms).toHaveLength(7);
  });

  test('createAlarms false creates none', () => {
    const { template } = indexOfIngest(() => ({ createAlarms: false }));
    template().resourcePropertiesCountIs(ALARM, { Namespace: 'AWS/Firehose' }, 0);
  });

  test.each<[string, Partial<IndexToOpenSearchProps>, string]>([
    ['bufferingInterval 901 s', { bufferingInterval: Duration.seconds(901) }, '`bufferingInterval` must be an integer between 0 and 900 seconds, got 901'],
    ['bufferingSize 101 MiB', { bufferingSize: Size.mebibytes(101) }, '`bufferingSize` must be an integer between 1 and 100 MiB, got 101'],
    ['bufferingSize 0.5 MiB', { bufferingSize: Size.kibibytes(512) }, '`bufferingSize` must be an integer between 1 and 100 MiB, got 0.5'],
    ['retryDuration 7201 s', { retryDuration: Duration.seconds(7201) }, '`retryDuration` must be an integer between 0 and 7200 seconds, got 7201'],
    ['retryDuration 1.5 s', { retryDuration: Duration.millis(1500) }, '`retryDuration` must be an integer between 0 and 7200 seconds, got 1.5'],
    ['indexName upper case', { indexName: 'Orders' }, '`indexName` must be 1-80 lower-case characters without spaces or \\ / * ? " < > | , # :, not starting with _, - or +, got \'Orders\''],
    ['indexName starting with _', { indexName: '_orders' }, '`indexName` must be 1-80 lower-case characters without spaces or \\ / * ? " < > | , # :, not starting with _, - or +, got \'_orders\''],
    ['indexName of 81', { indexName: 'a'.repeat(81) }, `\`indexName\` must be 1-80 lower-case characters without spaces or \\ / * ? " < > | , # :, not starting with _, - or +, got '${'a'.repeat(81)}'`],
    ['backupPrefix with expressions and no error prefix', { backupPrefix: 'b/!{timestamp:yyyy}/' },
      'an error prefix is required when `backupPrefix` has expressions, got \'b/!{timestamp:yyyy}/\': Firehose writes the records it cannot deliver under it'],
    ['freshnessThreshold at the interval', { freshnessThreshold: Duration.minutes(5) },
      '`freshnessThreshold` must be longer than the 300-second `bufferingInterval`, got 300 seconds: records wait that long in the buffer on every delivery, so the alarm would always fire'],
    ['vpcSubnets without vpc', { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, '`vpcSubnets` applies to delivery in a `vpc`, and there is none'],
    ['securityGroups without vpc', { securityGroups: [] }, '`securityGroups` applies to delivery in a `vpc`, and there is none'],
  ])('refuses %s', (_name, props, message) => {
    expectInputError(() => indexOfIngest(() => props), `${SINK}: ${message}`);
  });
});

describe('IndexToOpenSearch destinations', () => {
  test('an imported domain: grants on its ARN, no domain created', () => {
    const { template } = indexOfIngest(stack => ({ domain: imported(stack) }));
    template().resourceCountIs(DOMAIN, 0);
    template().hasResourceProperties(DELIVERY_STREAM, {
      AmazonopensearchserviceDestinationConfiguration: Match.objectLike({ DomainARN: DOMAIN_ARN }),
    });
    expect(deliveryStatements(template())).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['es:ESHttpPost', 'es:ESHttpPut'],
        Resource: [DOMAIN_ARN, `${DOMAIN_ARN}/_bulk`, `${DOMAIN_ARN}/orders`, `${DOMAIN_ARN}/orders/*`, `${DOMAIN_ARN}/orders-*`],
      }),
    ]));
  });

  test('without rotation, only the index itself: no `<index>-*`', () => {
    const { template } = indexOfIngest(stack => ({ domain: imported(stack), indexRotation: IndexRotation.NO_ROTATION }));
    const statements = deliveryStatements(template());
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['es:ESHttpPost', 'es:ESHttpPut'], Resource: [DOMAIN_ARN, `${DOMAIN_ARN}/_bulk`, `${DOMAIN_ARN}/orders`, `${DOMAIN_ARN}/orders/*`] }),
    ]));
    expect(JSON.stringify(statements)).not.toContain('orders-');
  });

  test('`masterUserRole` is the new domain\'s master user; with your `domain` it is refused', () => {
    const { template } = indexOfIngest(stack => ({ masterUserRole: iam.Role.fromRoleArn(stack, 'Admin', 'arn:aws:iam::111111111111:role/search-admin') }));
    template().hasResourceProperties(DOMAIN, {
      AdvancedSecurityOptions: Match.objectLike({ MasterUserOptions: { MasterUserARN: 'arn:aws:iam::111111111111:role/search-admin' } }),
    });
    template().resourcePropertiesCountIs('AWS::IAM::Role', { Description: Match.stringLikeRegexp('^Master user') }, 0);
    expectInputError(() => indexOfIngest(stack => ({
      domain: imported(stack), masterUserRole: iam.Role.fromRoleArn(stack, 'Admin', 'arn:aws:iam::111111111111:role/search-admin'),
    })), `${SINK}: \`masterUserRole\` applies to the domain the index creates: your \`domain\` has its own master user`);
  });

  test('warns that the delivery role needs a mapping, for a new domain and a SecureSearchDomain; acknowledgeable', () => {
    const message = `${SINK}: the domain uses fine-grained access control, and the delivery role ${SINK}/DeliveryRole/Resource `
      + 'is not mapped to an OpenSearch role: until it is, OpenSearch refuses every document and Firehose writes them all to the backup '
      + 'bucket. Map its ARN as a backend role of a role that may write the index (all_access, or a custom role with index and cluster '
      + 'write permissions), as the master user (in OpenSearch Dashboards or the security REST API), then acknowledge this warning.'
      + ` [ack: ${MAPPING_WARNING}]`;
    const created = indexOfIngest();
    Warnings.fromStack(created.stack).hasWarning(`/${SINK}`, message);
    const secure = indexOfIngest(s => ({ domain: new SecureSearchDomain(s, 'D') }));
    Warnings.fromStack(secure.stack).hasWarning(`/${SINK}`, message);
    const importedDomain = indexOfIngest(st => ({ domain: imported(st) }));
    Warnings.fromStack(importedDomain.stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp(MAPPING_WARNING));
    const acknowledged = testStack();
    const sink = new IndexToOpenSearch(acknowledged, 'Search', { source: new StreamingIngest(acknowledged, 'Ingest'), indexName: 'orders' });
    Annotations.of(sink).acknowledgeWarning(MAPPING_WARNING);
    Warnings.fromStack(acknowledged).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp(MAPPING_WARNING));
  });

  test('VPC delivery: subnets, a security group, the ENI permissions, and 443 into the new domain\'s group', () => {
    const { template, sink, stack } = indexOfIngest(s => ({ vpc: vpcOf(s) }));
    const config = template().findResources(DELIVERY_STREAM);
    const vpcConfig = Object.values(config)[0].Properties.AmazonopensearchserviceDestinationConfiguration.VpcConfiguration;
    expect(vpcConfig.SubnetIds).toHaveLength(3);
    expect(vpcConfig.SecurityGroupIds).toHaveLength(1);
    expect(deliveryStatements(template())).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: expect.arrayContaining(['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeVpcs']),
        Resource: '*',
      }),
    ]));
    template().hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: stack.resolve(vpcConfig.SecurityGroupIds[0]),
    });
    template().hasResourceProperties(DOMAIN, { VPCOptions: Match.objectLike({ SubnetIds: Match.anyValue() }) });
    expect(sink.connections).toBeDefined();
    // Egress to the domain's group only: no rule to the VPC's CIDR.
    const domainGroup = stack.resolve((sink.domain as SecureSearchDomain).connections.securityGroups[0].securityGroupId);
    template().hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationSecurityGroupId: domainGroup,
    });
    expect(JSON.stringify(template().findResources('AWS::EC2::SecurityGroup'))).not.toContain('"CidrIp":{"Fn::GetAtt"');
    expect(JSON.stringify(template().toJSON())).not.toContain('HTTPS to the destination in the VPC');
  });

  test('a VPC domain in another stack: both rules in the sink\'s stack, no cycle', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'us-east-1' };
    const domainStack = new Stack(app, 'DomainStack', { env });
    const vpc = vpcOf(domainStack);
    const domain = new SecureSearchDomain(domainStack, 'D', { vpc });
    const stack = new Stack(app, 'TestStack', { env });
    new IndexToOpenSearch(stack, 'Search', { source: new StreamingIngest(stack, 'Ingest'), indexName: 'orders', domain, vpc });
    expect(() => app.synth()).not.toThrow();
    const sinkTemplate = Template.fromStack(stack);
    sinkTemplate.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', { FromPort: 443 }, 1);
    sinkTemplate.resourcePropertiesCountIs('AWS::EC2::SecurityGroupEgress', { FromPort: 443 }, 1);
    Template.fromStack(domainStack).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('an imported domain in an imported VPC without a CIDR: a group with no rules, opened with `connections.allowTo()`', () => {
    const props = (s: Stack): Partial<IndexToOpenSearchProps> => ({
      domain: imported(s),
      vpc: ec2.Vpc.fromVpcAttributes(s, 'ImportedVpc', {
        vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'],
      }),
    });
    const { template } = indexOfIngest(props);
    template().resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    template().resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template().hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
    const opened = indexOfIngest(props);
    opened.sink.connections!.allowTo(ec2.Peer.securityGroupId('sg-0123456789abcdef0'), ec2.Port.tcp(443));
    opened.template().hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ DestinationSecurityGroupId: 'sg-0123456789abcdef0', FromPort: 443 })],
    });
  });

  test('a domain of the app in a VPC needs `vpc`, and a public one refuses it', () => {
    expectInputError(() => indexOfIngest(s => ({ domain: new SecureSearchDomain(s, 'D', { vpc: vpcOf(s) }) })),
      `${SINK}: \`vpc\` is required: the \`domain\` is in a VPC, and Firehose reaches it through network interfaces there`);
    expectInputError(() => indexOfIngest(s => ({ domain: new SecureSearchDomain(s, 'D'), vpc: vpcOf(s) })),
      `${SINK}: \`vpc\` applies to a domain in a VPC, and the \`domain\` has a public endpoint`);
  });

  test('a Kafka topic source: MSK as source, no read-lag alarms or metric', () => {
    const stack = testStack();
    const { topic } = kafkaTopic(stack);
    const sink = new IndexToOpenSearch(stack, 'Search', { source: topic, indexName: 'orders' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'MSKAsSource',
      MSKSourceConfiguration: Match.objectLike({ TopicName: 'orders', AuthenticationConfiguration: Match.objectLike({ Connectivity: 'PRIVATE' }) }),
    });
    expect(sink.metricReadLag()).toBeUndefined();
    expect(sink.alarms).toHaveLength(5);
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('readLagNotMeasured'));
  });

  test('a Kafka topic source with read-lag props: warns that nothing measures them', () => {
    const stack = testStack();
    const { topic } = kafkaTopic(stack);
    new IndexToOpenSearch(stack, 'Search', { source: topic, indexName: 'orders', latencyObjective: Duration.minutes(2) });
    Warnings.fromStack(stack).hasWarning(`/${SINK}`, `${SINK}: Firehose publishes no read lag for ${topic.sourceName}, so \`latencyObjective\` `
      + 'and `readLagThreshold` alarm on nothing; the freshness and delivery alarms still watch the index. Remove them, or acknowledge '
      + 'this warning. [ack: cdk-streaming-pipelines:IndexToOpenSearch:readLagNotMeasured]');
  });
});
