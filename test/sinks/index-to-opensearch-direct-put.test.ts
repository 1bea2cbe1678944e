import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ALARM, DELIVERY_STREAM, SINK } from './opensearch-helpers';
import { StreamingIngest } from '../../src';
import { IndexToOpenSearch, IndexToOpenSearchProps, ServerlessCollection } from '../../src/sinks';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { nagFindings, withValidationOn } from '../nag-findings';
import { getAtt } from '../template-refs';

const DOMAIN_ARN = 'arn:aws:es:us-east-1:111111111111:domain/orders';

/** A direct-PUT index 'orders' at `TestStack/Search`, into an imported domain unless told otherwise. */
function directIndex(props: (stack: Stack) => Partial<IndexToOpenSearchProps> = () => ({})) {
  const stack = testStack();
  const sink = new IndexToOpenSearch(stack, 'Search', {
    indexName: 'orders',
    domain: opensearch.Domain.fromDomainAttributes(stack, 'Imported', {
      domainArn: DOMAIN_ARN, domainEndpoint: 'https://search-orders-abc.us-east-1.es.amazonaws.com',
    }),
    ...props(stack),
  });
  return { stack, sink, template: () => Template.fromStack(stack) };
}

describe('IndexToOpenSearch with direct PUT', () => {
  test('no source: a DirectPut delivery stream that Firehose encrypts with an AWS-owned key', () => {
    const { template, sink } = directIndex();
    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      KinesisStreamSourceConfiguration: Match.absent(),
      MSKSourceConfiguration: Match.absent(),
    });
    expect(sink.readerName).toBeUndefined();
    expect(sink.metricReadLag()).toBeUndefined();
  });

  test('deliveryStreamEncryptionKey: your key, and no KMS grant to the delivery role (Firehose grants itself)', () => {
    const { template, stack } = directIndex(s => ({ deliveryStreamEncryptionKey: new kms.Key(s, 'StreamKey', { enableKeyRotation: true }) }));
    const key = stack.node.findChild('StreamKey') as kms.Key;
    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: getAtt(key, 'Arn') },
    });
    expect(JSON.stringify(template().findResources('AWS::IAM::Policy'))).not.toContain(JSON.stringify(getAtt(key, 'Arn')));
  });

  test('grantPutRecords: PutRecord and PutRecordBatch on this delivery stream only', () => {
    const { stack, sink, template } = directIndex();
    const producer = new iam.Role(stack, 'Producer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    sink.grantPutRecords(producer);
    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(producer.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: stack.resolve(sink.deliveryStreamArn) }] },
    });
  });

  test('grantPutRecords is refused with a source: producers write to the source', () => {
    const stack = testStack();
    const sink = new IndexToOpenSearch(stack, 'Search', { source: new StreamingIngest(stack, 'Ingest'), indexName: 'orders' });
    expectInputError(() => sink.grantPutRecords(new iam.AccountRootPrincipal()),
      `${SINK}: \`grantPutRecords()\` is for an index without a \`source\`: this one reads a stream or topic, so grant producers write access to it`);
  });

  test('alarms: throttled producers instead of read lag; metricThrottledRecords by DeliveryStreamName', () => {
    const { sink, template, stack } = directIndex();
    const name = { Name: 'DeliveryStreamName', Value: { Ref: Object.keys(template().findResources(DELIVERY_STREAM))[0] } };
    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Firehose',
      MetricName: 'ThrottledRecords',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      Dimensions: [name],
      TreatMissingData: 'notBreaching',
    });
    template().resourcePropertiesCountIs(ALARM, { MetricName: 'KinesisMillisBehindLatest' }, 0);
    // Freshness, indexing success, refused documents, refused role, backup writes, throttled producers.
    expect(sink.alarms).toHaveLength(6);
    const throttled = sink.metricThrottledRecords()!;
    expect(`${throttled.metricName}/${throttled.statistic}`).toBe('ThrottledRecords/Sum');
    expect(stack.resolve(throttled.dimensions)).toEqual({ DeliveryStreamName: stack.resolve(sink.deliveryStreamName) });
  });

  test('a direct-PUT collection index: Serverless destination, DirectPut, encrypted', () => {
    const { template } = directIndex(s => ({ domain: undefined, collection: new ServerlessCollection(s, 'Collection') }));
    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      AmazonOpenSearchServerlessDestinationConfiguration: Match.objectLike({ IndexName: 'orders' }),
    });
  });

  test.each<[string, (stack: Stack) => Partial<IndexToOpenSearchProps>, string]>([
    ['readerName', () => ({ readerName: 'index' }), '`readerName` names the index among its source\'s readers, and there is no `source` (direct PUT)'],
    ['latencyObjective', () => ({ latencyObjective: Duration.minutes(1) }), '`latencyObjective` applies to reading a `source`, and there is none (direct PUT)'],
    ['readLagThreshold', () => ({ readLagThreshold: Duration.hours(1) }), '`readLagThreshold` applies to reading a `source`, and there is none (direct PUT)'],
    ['deliveryStreamEncryptionKey with a source', s => ({ source: new StreamingIngest(s, 'Ingest'), deliveryStreamEncryptionKey: new kms.Key(s, 'K') }),
      '`deliveryStreamEncryptionKey` applies to direct PUT: Firehose cannot encrypt records it reads from a `source`, whose own encryption covers them'],
  ])('refuses %s', (_name, props, message) => {
    expectInputError(() => directIndex(props), `${SINK}: ${message}`);
  });
});

describe('direct PUT under cdk-nag AwsSolutions and the CloudFormation validation', () => {
  withValidationOn();

  test('KDF1 is satisfied by the encryption, not acknowledged: no finding, and no KDF1 acknowledgement', () => {
    const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge');
    try {
      expect(nagFindings(stack => {
        const logs = new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
        Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'The access-logs bucket cannot log to itself.' });
        new IndexToOpenSearch(stack, 'Search', { indexName: 'orders', collection: new ServerlessCollection(stack, 'Collection'), accessLogsBucket: logs });
      })).toEqual([]);
      expect(acknowledge.mock.calls.map(([a]) => a.id)).not.toContain('AwsSolutions-KDF1');
      // The check is live: a stream-sourced index acknowledges it.
      const stack = testStack();
      new IndexToOpenSearch(stack, 'Search', { source: new StreamingIngest(stack, 'Ingest'), indexName: 'orders' });
      expect(acknowledge.mock.calls.map(([a]) => a.id)).toContain('AwsSolutions-KDF1');
    } finally {
      acknowledge.mockRestore();
    }
  });
});
