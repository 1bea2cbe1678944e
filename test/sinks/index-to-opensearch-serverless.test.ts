import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations as Warnings, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ALARM, DELIVERY_STREAM, indexOfIngest, SINK } from './opensearch-helpers';
import { StreamingIngest } from '../../src';
import {
  CollectionType, DocumentIdFormat, IndexRotation, IndexToOpenSearch, IndexToOpenSearchProps, ServerlessCollection,
} from '../../src/sinks';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { nagFindings, withValidationOn } from '../nag-findings';
import { getAtt, logicalId } from '../template-refs';

const COLLECTION = 'AWS::OpenSearchServerless::Collection';
const SECURITY_POLICY = 'AWS::OpenSearchServerless::SecurityPolicy';
const ACCESS_POLICY = 'AWS::OpenSearchServerless::AccessPolicy';
const IMPORTED_ARN = 'arn:aws:aoss:us-east-1:111111111111:collection/abc123';
const imported = (stack: Stack, vpcOnly?: boolean) => ServerlessCollection.fromCollectionAttributes(stack, 'Imported', {
  collectionName: 'orders', collectionArn: IMPORTED_ARN, collectionEndpoint: 'https://abc123.us-east-1.aoss.amazonaws.com', vpcOnly,
});
const collectionIndex = (props: (stack: Stack) => Partial<IndexToOpenSearchProps> = () => ({})) =>
  indexOfIngest(stack => ({ collection: new ServerlessCollection(stack, 'Collection'), ...props(stack) }));

/** A policy document as the template holds it (a string, or an Fn::Join around tokens), parsed with tokens as markers. */
function policyDocument(stack: Stack, policy: unknown): unknown {
  const resolved = stack.resolve(policy);
  if (typeof resolved === 'string') {
    return JSON.parse(resolved);
  }
  const parts = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map(p => typeof p === 'string' ? p : `<${JSON.stringify(p).replace(/"/g, '\'')}>`).join(''));
}

describe('ServerlessCollection', () => {
  test('a SEARCH collection with an AWS-owned key, public access to it and its Dashboards, retained; created after both policies', () => {
    const stack = testStack();
    const collection = new ServerlessCollection(stack, 'Collection');
    const template = Template.fromStack(stack);
    const name = collection.collectionName;
    // The innermost path parts that fit, then the path's hash.
    expect(name).toMatch(/^collection-[0-9a-f]{8}$/);
    template.hasResource(COLLECTION, {
      Properties: { Name: name, Type: 'SEARCH' },
      DeletionPolicy: 'Retain',
      DependsOn: Match.arrayWith([logicalId(collection.node.findChild('EncryptionPolicy')), logicalId(collection.node.findChild('NetworkPolicy'))]),
    });
    const policies = template.findResources(SECURITY_POLICY);
    const byType = (type: string) => Object.values(policies).find(p => p.Properties.Type === type)!.Properties;
    expect(JSON.parse(byType('encryption').Policy)).toEqual({
      Rules: [{ ResourceType: 'collection', Resource: [`collection/${name}`] }], AWSOwnedKey: true,
    });
    expect(JSON.parse(byType('network').Policy)).toEqual([{
      Rules: [{ ResourceType: 'collection', Resource: [`collection/${name}`] }, { ResourceType: 'dashboard', Resource: [`collection/${name}`] }],
      AllowFromPublic: true,
    }]);
    for (const type of ['encryption', 'network']) {
      expect(byType(type).Name).toMatch(/^[a-z][a-z0-9-]{2,31}$/);
    }
    expect(byType('encryption').Name).not.toEqual(byType('network').Name);
    // Retained with the collection: a kept collection keeps its encryption and stays reachable.
    expect(Object.values(policies).map(p => p.DeletionPolicy)).toEqual(['Retain', 'Retain']);
    expect(collection.vpcOnly).toBe(false);
  });

  test('the policies follow the collection\'s removal policy', () => {
    const stack = testStack();
    new ServerlessCollection(stack, 'Collection', { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    template.hasResource(COLLECTION, { DeletionPolicy: 'Delete' });
    expect(Object.values(template.findResources(SECURITY_POLICY)).map(p => p.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  });

  test('a TIME_SERIES collection with a customer key, reachable only through VPC endpoints, named by you', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const collection = new ServerlessCollection(stack, 'Collection', {
      collectionName: 'orders', collectionType: CollectionType.TIME_SERIES, encryptionKey: key, vpcEndpointIds: ['vpce-0123456789abcdef0'],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(COLLECTION, { Name: 'orders', Type: 'TIMESERIES' });
    const policies = Object.values(template.findResources(SECURITY_POLICY)).map(p => p.Properties);
    expect(policyDocument(stack, policies.find(p => p.Type === 'encryption')!.Policy)).toEqual({
      Rules: [{ ResourceType: 'collection', Resource: ['collection/orders'] }],
      AWSOwnedKey: false,
      KmsARN: `<{'Fn::GetAtt':['${logicalId(key)}','Arn']}>`,
    });
    expect(JSON.parse(policies.find(p => p.Type === 'network')!.Policy)).toEqual([{
      Rules: [{ ResourceType: 'collection', Resource: ['collection/orders'] }, { ResourceType: 'dashboard', Resource: ['collection/orders'] }],
      AllowFromPublic: false,
      SourceVPCEs: ['vpce-0123456789abcdef0'],
    }]);
    expect(collection.vpcOnly).toBe(true);
  });

  test('policy names are stable: the same path gives the same names', () => {
    const names = () => {
      const stack = testStack();
      new ServerlessCollection(stack, 'Collection');
      return Object.values(Template.fromStack(stack).findResources(SECURITY_POLICY)).map(p => p.Properties.Name);
    };
    expect(names()).toEqual(names());
  });

  test('a long construct path still gives valid names, ending in the path\'s hash', () => {
    const stack = testStack('A-Very-Long-Stack-Name-For-Search-Pipelines');
    const collection = new ServerlessCollection(stack, '9Collection-Of-Clickstream-Events-Indexed-By-Firehose');
    expect(collection.collectionName).toMatch(/^[a-z][a-z0-9-]{2,27}$/);
    for (const policy of Object.values(Template.fromStack(stack).findResources(SECURITY_POLICY))) {
      expect(policy.Properties.Name).toMatch(/^[a-z][a-z0-9-]{2,31}$/);
    }
  });

  test.each<[string, string]>([
    ['upper case', 'Orders'],
    ['a digit first', '1orders'],
    ['too short', 'ab'],
    ['29 characters', 'a'.repeat(29)],
    ['an underscore', 'my_orders'],
  ])('refuses a collection name with %s', (_name, collectionName) => {
    expectInputError(() => new ServerlessCollection(testStack(), 'Collection', { collectionName }),
      `TestStack/Collection: \`collectionName\` must be 3-28 characters of a-z, 0-9 and -, starting with a letter, got '${collectionName}'`);
  });

  test('refuses an empty list of VPC endpoints', () => {
    expectInputError(() => new ServerlessCollection(testStack(), 'Collection', { vpcEndpointIds: [] }),
      'TestStack/Collection: `vpcEndpointIds` must name at least one VPC endpoint, got none: omit it for a collection reachable from the internet');
  });
});

describe('IndexToOpenSearch into a ServerlessCollection', () => {
  test('the Serverless destination: the collection endpoint, the index, buffering, retry and the backup; no domain', () => {
    const { sink, template } = collectionIndex();
    template().resourceCountIs('AWS::OpenSearchService::Domain', 0);
    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'KinesisStreamAsSource',
      AmazonopensearchserviceDestinationConfiguration: Match.absent(),
      AmazonOpenSearchServerlessDestinationConfiguration: {
        CollectionEndpoint: getAtt(sink.collection!.node.defaultChild!, 'CollectionEndpoint'),
        IndexName: 'orders',
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 5 },
        RetryOptions: { DurationInSeconds: 300 },
        RoleARN: getAtt(sink.deliveryRole, 'Arn'),
        S3BackupMode: 'FailedDocumentsOnly',
        S3Configuration: Match.objectLike({ BucketARN: getAtt(sink.backupBucket, 'Arn'), Prefix: 'opensearch-backup/' }),
        CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
        VpcConfiguration: Match.absent(),
      },
    });
    expect(sink.domain).toBeUndefined();
  });

  test('the data-access policy lets exactly the delivery role create, update and write exactly the index', () => {
    const { sink, template, stack } = collectionIndex();
    const policies = template().findResources(ACCESS_POLICY);
    expect(Object.keys(policies)).toHaveLength(1);
    const [id, policy] = Object.entries(policies)[0];
    expect(policy.Properties.Type).toBe('data');
    expect(policy.Properties.Name).toMatch(/^[a-z][a-z0-9-]{2,31}$/);
    expect(policyDocument(stack, policy.Properties.Policy)).toEqual([{
      Description: `Firehose delivery of ${SINK}`,
      Rules: [{
        ResourceType: 'index',
        Resource: [`index/${sink.collection!.collectionName}/orders`],
        Permission: ['aoss:CreateIndex', 'aoss:UpdateIndex', 'aoss:WriteDocument'],
      }],
      Principal: [`<{'Fn::GetAtt':['${logicalId(sink.deliveryRole)}','Arn']}>`],
    }]);
    // Delivery starts once the role may write.
    template().hasResource(DELIVERY_STREAM, { DependsOn: Match.arrayWith([id]) });
  });

  test('the delivery role\'s own policy: aoss:APIAccessAll on the collection alone, and nothing of es:', () => {
    const { sink, template } = collectionIndex();
    const stream = Object.values(template().findResources(DELIVERY_STREAM))[0];
    const role = stream.Properties.AmazonOpenSearchServerlessDestinationConfiguration.RoleARN['Fn::GetAtt'][0];
    const statements = Object.values(template().findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }))[0]
      .Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'aoss:APIAccessAll', Resource: getAtt(sink.collection!.node.defaultChild!, 'Arn') }),
    ]));
    expect(JSON.stringify(statements)).not.toContain('es:');
  });

  test('alarms and metrics are the Serverless ones, by DeliveryStreamName', () => {
    const { sink, template, stack } = collectionIndex();
    const name = { Name: 'DeliveryStreamName', Value: { Ref: Object.keys(template().findResources(DELIVERY_STREAM))[0] } };
    for (const [metric, statistic] of [
      ['DeliveryToAmazonOpenSearchServerless.DataFreshness', 'Maximum'],
      ['DeliveryToAmazonOpenSearchServerless.Success', 'Minimum'],
      ['DeliveryToAmazonOpenSearchServerless.DeliveryRejected', 'Maximum'],
      ['DeliveryToAmazonOpenSearchServerless.AuthFailure', 'Maximum'],
      ['DeliveryToS3.Success', 'Minimum'],
    ]) {
      template().hasResourceProperties(ALARM, { Namespace: 'AWS/Firehose', MetricName: metric, Statistic: statistic, Dimensions: [name] });
    }
    template().resourcePropertiesCountIs(ALARM, { MetricName: Match.stringLikeRegexp('OpenSearchService') }, 0);
    template().hasResourceProperties(ALARM, {
      MetricName: 'DeliveryToAmazonOpenSearchServerless.DataFreshness',
      AlarmDescription: Match.stringLikeRegexp('^OpenSearch Serverless index TestStack/Search: .*data-access policy'),
    });
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'DeliveryToS3.Records' }, 0);
    template().hasResourceProperties(ALARM, {
      MetricName: 'DeliveryToAmazonOpenSearchServerless.AuthFailure',
      AlarmDescription: Match.stringLikeRegexp('the collection refused the delivery role .*data-access policy'),
    });
    expect(sink.alarms).toHaveLength(7);
    const metrics = [sink.metricDataFreshness(), sink.metricDeliverySuccess(), sink.metricIndexedRecords(),
      sink.metricRejectedDeliveries(), sink.metricAuthFailures()];
    expect(metrics.map(m => `${m.metricName}/${m.statistic}`)).toEqual([
      'DeliveryToAmazonOpenSearchServerless.DataFreshness/Maximum', 'DeliveryToAmazonOpenSearchServerless.Success/Minimum',
      'DeliveryToAmazonOpenSearchServerless.Records/Sum', 'DeliveryToAmazonOpenSearchServerless.DeliveryRejected/Maximum',
      'DeliveryToAmazonOpenSearchServerless.AuthFailure/Maximum',
    ]);
    for (const m of metrics) {
      expect(stack.resolve(m.dimensions)).toEqual({ DeliveryStreamName: stack.resolve(sink.deliveryStreamName) });
    }
  });

  test('no mapping warning: a collection\'s access is its data-access policy', () => {
    const { stack } = collectionIndex();
    Warnings.fromStack(stack).hasNoWarning(`/${SINK}`, Match.stringLikeRegexp('deliveryRoleNeedsMapping'));
  });

  test('an imported collection: its endpoint and ARN, and still a data-access policy for the delivery role', () => {
    const { template, stack } = indexOfIngest(s => ({ collection: imported(s) }));
    template().resourceCountIs(COLLECTION, 0);
    template().resourceCountIs(SECURITY_POLICY, 0);
    template().hasResourceProperties(DELIVERY_STREAM, {
      AmazonOpenSearchServerlessDestinationConfiguration: Match.objectLike({ CollectionEndpoint: 'https://abc123.us-east-1.aoss.amazonaws.com' }),
    });
    const policy = Object.values(template().findResources(ACCESS_POLICY))[0];
    expect(policyDocument(stack, policy.Properties.Policy)).toEqual([expect.objectContaining({
      Rules: [expect.objectContaining({ Resource: ['index/orders/orders'] })],
    })]);
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'aoss:APIAccessAll', Resource: IMPORTED_ARN })]) },
    });
  });

  test('a collection reachable only through VPC endpoints: Firehose delivers in the VPC', () => {
    const { template } = indexOfIngest(s => ({
      collection: new ServerlessCollection(s, 'Collection', { vpcEndpointIds: ['vpce-0123456789abcdef0'] }),
      vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }),
    }));
    const config = Object.values(template().findResources(DELIVERY_STREAM))[0].Properties.AmazonOpenSearchServerlessDestinationConfiguration;
    expect(config.VpcConfiguration.SubnetIds).toHaveLength(2);
  });

  test.each<[string, (stack: Stack) => Partial<IndexToOpenSearchProps>, string]>([
    ['a domain and a collection', s => ({
      collection: new ServerlessCollection(s, 'Collection'),
      domain: opensearch.Domain.fromDomainEndpoint(s, 'D', 'https://search-orders-abc.us-east-1.es.amazonaws.com'),
    }), '`domain` and `collection` are two destinations: give one of them'],
    ['indexRotation', s => ({ collection: new ServerlessCollection(s, 'Collection'), indexRotation: IndexRotation.NO_ROTATION }),
      '`indexRotation` applies to a domain: Firehose has no such option for an OpenSearch Serverless `collection`'],
    ['documentIdFormat', s => ({ collection: new ServerlessCollection(s, 'Collection'), documentIdFormat: DocumentIdFormat.NO_DOCUMENT_ID }),
      '`documentIdFormat` applies to a domain: Firehose has no such option for an OpenSearch Serverless `collection`'],
    ['masterUserRole', s => ({
      collection: new ServerlessCollection(s, 'Collection'),
      masterUserRole: iam.Role.fromRoleArn(s, 'Admin', 'arn:aws:iam::111111111111:role/search-admin'),
    }), '`masterUserRole` applies to the domain the index creates: a `collection` grants access by its data-access policy'],
    ['a VPC-only collection without vpc', s => ({ collection: imported(s, true) }),
      '`vpc` is required: the `collection` is reachable only through VPC endpoints, and Firehose reaches it through network interfaces there'],
    ['a public collection with vpc', s => ({ collection: new ServerlessCollection(s, 'Collection'), vpc: new ec2.Vpc(s, 'Vpc') }),
      '`vpc` applies to a collection reachable only through VPC endpoints, and the `collection` is reachable from the internet'],
  ])('refuses %s', (_name, props, message) => {
    expectInputError(() => indexOfIngest(props), `${SINK}: ${message}`);
  });
});

describe('IndexToOpenSearch into a collection under cdk-nag AwsSolutions and the CloudFormation validation', () => {
  withValidationOn();

  test('a new collection fed by a stream, with its backup access logged: no finding', () => {
    expect(nagFindings(stack => {
      const logs = new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
      Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'The access-logs bucket cannot log to itself.' });
      new IndexToOpenSearch(stack, 'Search', {
        source: new StreamingIngest(stack, 'Ingest'),
        indexName: 'orders',
        collection: new ServerlessCollection(stack, 'Collection'),
        accessLogsBucket: logs,
      });
    })).toEqual([]);
  });
});
