import { Template, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { CLUSTER_ARN, OtherServiceSource, TOPIC } from './other-service-source';
import { ArchiveToLake, ShardConsumer } from '../../src';
import { testStack } from '../app-fixture';
import { newHandler } from '../consume/consumer-helpers';
import { getAtt, ref } from '../template-refs';

/**
 * Readers know sources only through `IStreamSource` and `IReaderBinding`: a source of a
 * service they have never heard of is read as it says, with no change in any reader.
 */
function otherSource() {
  const stack = testStack();
  return { stack, source: new OtherServiceSource(new Construct(stack, 'Cluster')) };
}

describe('a source of another service', () => {
  test('a ShardConsumer maps the event source the binding names and grants the handler what the binding grants', () => {
    const { stack, source } = otherSource();
    const handler = newHandler(stack);
    const consumer = new ShardConsumer(stack, 'Consumer', { source, handler, readerName: 'scoring' });
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: CLUSTER_ARN, FunctionName: ref(handler) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(handler.role!)],
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow', Action: 'kafka-cluster:ReadData', Resource: [`${CLUSTER_ARN}/topic/${TOPIC}`, `${CLUSTER_ARN}/group/scoring`],
        }]),
      },
    });
    expect(source.readers.map(r => r.path)).toEqual([consumer.node.path]);
    expect((consumer.metricMillisBehindLatest() as cloudwatch.Metric | undefined)?.metricName).toBe('ReaderLagMillis');
    // The lag the source measures is alarmed on like a Kinesis consumer's, at the backstop threshold.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Test/OtherService', MetricName: 'ReaderLagMillis', Dimensions: [{ Name: 'Group', Value: 'scoring' }],
    });
    expect(consumer.streamConsumer).toBeUndefined();
  });

  test('an ArchiveToLake delivers from the source the binding configures, its role allowed what the binding lists', () => {
    const { stack, source } = otherSource();
    const lake = new ArchiveToLake(stack, 'Lake', { source, readerName: 'lake' });
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'MSKAsSource',
      MSKSourceConfiguration: {
        MSKClusterARN: CLUSTER_ARN,
        TopicName: TOPIC,
        AuthenticationConfiguration: { Connectivity: 'PRIVATE', RoleARN: getAtt(lake.deliveryRole, 'Arn') },
      },
      KinesisStreamSourceConfiguration: Match.absent(),
      DeliveryStreamEncryptionConfigurationInput: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'FirehoseDelivery',
      Roles: [ref(lake.deliveryRole)],
      PolicyDocument: {
        Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'kafka-cluster:ReadData', Resource: `${CLUSTER_ARN}/topic/${TOPIC}` }]),
      },
    });
    expect(source.readers.map(r => r.readerName)).toEqual(['lake']);
  });

  test('a reader\'s binding tells a job where its source is', () => {
    const { stack, source } = otherSource();
    const binding = source.bindReader(new Construct(stack, 'Job'), { readerName: 'job' });

    expect(binding.jobProperties()).toEqual({ 'source.type': 'kafka', 'topic': TOPIC, 'group.id': 'job' });
  });
});
