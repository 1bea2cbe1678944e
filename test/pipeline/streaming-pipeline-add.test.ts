import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { alarmActions, dashboardWidgets, handlerIn, KINESIS_NEEDS, testStack } from './pipeline-helpers';
import {
  AggregateMeasure, ApplicationCode, PartitionKey, RedshiftTarget, ShardConsumer, StreamingIngest, StreamingPipeline,
} from '../../src';
import { expectInputError } from '../input-errors';
import { getAtt, ref } from '../template-refs';

const MAPPING = 'AWS::Lambda::EventSourceMapping';
const DELIVERY_STREAM = 'AWS::KinesisFirehose::DeliveryStream';
const SOURCE_ENDPOINT_ARN = 'arn:aws:dms:us-east-1:111111111111:endpoint:SRCENDPOINTABCDEFGHIJKLMNOP';
const INSTANCE_ARN = 'arn:aws:dms:us-east-1:111111111111:rep:INSTANCEABCDEFGHIJKLMNOPQR';
const CREDENTIALS_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:firehose-redshift-AbCdEf';

/**
 * A pipeline 'Pipeline' that builds its stream (Kinesis), every alarm of it paging 'OnCall',
 * with a second source after it ('Decoy'): a method that built on any source but the first would show.
 */
function pagingPipeline() {
  const stack = testStack();
  const onCall = new sns.Topic(stack, 'OnCall', { enforceSSL: true });
  const pipeline = new StreamingPipeline(stack, 'Pipeline', {
    requirements: KINESIS_NEEDS, alarmAction: new cloudwatchActions.SnsAction(onCall),
  });
  const decoy = new StreamingIngest(stack, 'Decoy', { shardCount: 1 });
  pipeline.addSource(decoy);
  return { stack, pipeline, stream: pipeline.stream!.stream, decoy, onCallRef: ref(onCall) };
}

/** The logical ids of the alarms inside `construct`. */
function alarmIdsIn(construct: IConstruct): string[] {
  const stack = Stack.of(construct);
  return construct.node.findAll()
    .filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm)
    .map(alarm => stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm));
}

interface AddCase {
  /** The method, as the test names it. */
  readonly method: string;
  /** Its layer's heading on the dashboard. */
  readonly title: string;
  /** Its service, as the dashboard and the cost report name it. */
  readonly service: string;
  /** Calls the method with id 'Part'. */
  readonly add: (pipeline: StreamingPipeline, stack: Stack) => IConstruct;
  /** Asserts that the resource reading or writing the stream is bound to `stream`. */
  readonly onStream: (template: Template, stream: kinesis.IStream, stack: Stack) => void;
}

const firehoseReads = (template: Template, stream: kinesis.IStream) => template.hasResourceProperties(DELIVERY_STREAM, {
  DeliveryStreamType: 'KinesisStreamAsSource',
  KinesisStreamSourceConfiguration: Match.objectLike({ KinesisStreamARN: getAtt(stream, 'Arn') }),
});

const CASES: AddCase[] = [
  {
    method: 'addConsumer',
    title: 'Processing',
    service: 'Lambda',
    add: (pipeline, stack) => pipeline.addConsumer('Part', { handler: handlerIn(stack, 'Fn'), readerName: 'scoring' }),
    onStream: (template, stream) => template.hasResourceProperties(MAPPING, { EventSourceArn: getAtt(stream, 'Arn') }),
  },
  {
    method: 'addAggregate',
    title: 'Storage',
    service: 'Lambda to DynamoDB',
    add: pipeline => pipeline.addAggregate('Part', {
      keyField: 'customerId', window: Duration.minutes(1), measures: [AggregateMeasure.count('orders')], readerName: 'spend',
    }),
    onStream: (template, stream) => template.hasResourceProperties(MAPPING, { EventSourceArn: getAtt(stream, 'Arn') }),
  },
  {
    method: 'addArchive',
    title: 'Storage',
    service: 'Firehose to S3',
    add: pipeline => pipeline.addArchive('Part'),
    onStream: firehoseReads,
  },
  {
    method: 'addAnalytics',
    title: 'Processing',
    service: 'Managed Flink',
    add: (pipeline, stack) => pipeline.addAnalytics('Part', {
      code: ApplicationCode.fromBucket(s3.Bucket.fromBucketName(stack, 'CodeBucket', 'code-bucket'), 'job.jar'),
    }),
    onStream: (template, stream) => template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        EnvironmentProperties: {
          PropertyGroups: Match.arrayWith([{
            PropertyGroupId: 'Source',
            PropertyMap: Match.objectLike({ 'stream.arn': getAtt(stream, 'Arn'), 'stream.name': ref(stream) }),
          }]),
        },
      }),
    }),
  },
  {
    method: 'addSearchIndex',
    title: 'Storage',
    service: 'Firehose to OpenSearch',
    add: pipeline => pipeline.addSearchIndex('Part', { indexName: 'orders' }),
    onStream: firehoseReads,
  },
  {
    method: 'addWarehouse',
    title: 'Storage',
    service: 'Redshift',
    add: (pipeline, stack) => pipeline.addWarehouse('Part', {
      target: RedshiftTarget.fromWorkgroupAttributes({
        workgroupName: 'analytics',
        workgroupArn: 'arn:aws:redshift-serverless:us-east-1:111111111111:workgroup/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab',
        endpointAddress: 'analytics.111111111111.us-east-1.redshift-serverless.amazonaws.com',
      }),
      database: 'dev',
      tableName: 'orders',
      credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Credentials', CREDENTIALS_ARN),
    }),
    onStream: firehoseReads,
  },
  {
    method: 'addApiGatewayProducer',
    title: 'Producers',
    service: 'API Gateway',
    add: pipeline => pipeline.addApiGatewayProducer('Part', { partitionKey: PartitionKey.field('customerId'), recordsPerSecond: 100 }),
    onStream: (template, stream) => template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['kinesis:PutRecord']), Resource: getAtt(stream, 'Arn'),
        })]),
      },
    }),
  },
  {
    method: 'addIotRuleProducer',
    title: 'Producers',
    service: 'AWS IoT rule',
    add: pipeline => pipeline.addIotRuleProducer('Part', {
      topicFilter: 'devices/+/telemetry', partitionKey: PartitionKey.field('deviceId'), recordsPerSecond: 100,
    }),
    onStream: (template, stream) => template.hasResourceProperties('AWS::IoT::TopicRule', {
      TopicRulePayload: Match.objectLike({ Actions: [{ Kinesis: Match.objectLike({ StreamName: ref(stream) }) }] }),
    }),
  },
  {
    method: 'addEventBridgeProducer',
    title: 'Producers',
    service: 'EventBridge rule',
    add: pipeline => pipeline.addEventBridgeProducer('Part', { eventPattern: { source: ['shop.orders'] }, recordsPerSecond: 100 }),
    onStream: (template, stream) => template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: getAtt(stream, 'Arn') })],
    }),
  },
  {
    method: 'addDmsProducer',
    title: 'Producers',
    service: 'DMS task',
    add: pipeline => pipeline.addDmsProducer('Part', {
      sourceEndpointArn: SOURCE_ENDPOINT_ARN,
      replicationInstanceArn: INSTANCE_ARN,
      tables: [{ schemaName: 'sales', tableName: 'orders' }],
      recordsPerSecond: 100,
    }),
    onStream: (template, stream, stack) => template.hasResourceProperties('AWS::DMS::Endpoint', {
      KinesisSettings: Match.objectLike({ StreamArn: stack.resolve(stream.streamArn) }),
    }),
  },
];

describe('StreamingPipeline builds each kind of part on its source, inside it', () => {
  test.each(CASES)('$method: on the pipeline\'s stream, under its path, a part of it, its alarms paging', ({ add, onStream, title, service }) => {
    const { stack, pipeline, stream, decoy, onCallRef } = pagingPipeline();
    const part = add(pipeline, stack);

    expect(part.node.path).toBe('TestStack/Pipeline/Part');
    onStream(Template.fromStack(stack), stream, stack);
    // The first source counts it among its readers or writers; the second does not know it.
    const bound = [...pipeline.source.readers, ...pipeline.source.writers].map(b => b.path);
    expect(bound.some(path => path === part.node.path || path.startsWith(part.node.path + '/'))).toBe(true);
    expect([...decoy.readers, ...decoy.writers]).toEqual([]);

    // A part: in the cost report (priced, or listed with the reason) and headed on the dashboard in its layer.
    const report = pipeline.costReport();
    expect([...report.parts, ...report.unpriced].filter(p => p.part === 'Pipeline/Part').map(p => p.service)).toEqual([service]);
    const headings = dashboardWidgets(stack).filter(w => w.type === 'text').map(w => w.properties.markdown ?? '');
    expect(headings.filter(h => h.includes(`Pipeline/Part (${service})`)).map(h => h.split('\n')[0])).toEqual([`## ${title}`]);

    // Its alarms go to the pipeline's action, to ALARM and OK.
    const ids = alarmIdsIn(part);
    expect(ids.length).toBeGreaterThan(0);
    const actions = alarmActions(stack);
    for (const id of ids) {
      expect({ id, ...actions[id] }).toEqual({ id, alarm: [onCallRef], ok: [onCallRef] });
    }
  });
});

describe('which source a part is built on', () => {
  test('the add methods build on the first source; a part built in the pipeline on another source is a part of it too', () => {
    const stack = testStack();
    const clicks = new StreamingIngest(stack, 'Clicks', { shardCount: 1 });
    const orders = new StreamingIngest(stack, 'Orders', { shardCount: 1 });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [clicks, orders] });
    const first = pipeline.addConsumer('First', { handler: handlerIn(stack, 'FirstFn'), readerName: 'first' });
    const second = new ShardConsumer(pipeline, 'Second', { source: pipeline.sources[1], handler: handlerIn(stack, 'SecondFn'), readerName: 'second' });

    const template = Template.fromStack(stack);
    template.hasResourceProperties(MAPPING, { FunctionName: ref(first.handler), EventSourceArn: getAtt(clicks.stream, 'Arn') });
    template.hasResourceProperties(MAPPING, { FunctionName: ref(second.handler), EventSourceArn: getAtt(orders.stream, 'Arn') });
    expect(clicks.readers.map(r => r.readerName)).toEqual(['first']);
    expect(orders.readers.map(r => r.readerName)).toEqual(['second']);
    // Streams of a fixed shard count without a workload are parts the report cannot price.
    const report = pipeline.costReport();
    const parts = [...report.parts, ...report.unpriced].map(p => p.part).sort();
    expect(parts).toEqual(['Clicks', 'Orders', 'Pipeline/First', 'Pipeline/Second']);
  });

  test.each(CASES)('direct PUT: no stream to build on, and $method says so, naming itself', ({ method, add }) => {
    const stack = testStack();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', {
      requirements: { deliveryOnly: true, workload: { ingestMibPerSecond: 1, averageRecordBytes: 2000 } },
    });
    const hint = method === 'addArchive' ? ' (its lake is `delivery`)' : '';
    expectInputError(() => add(pipeline, stack), `TestStack/Pipeline: \`${method}()\`${hint}: the pipeline has no stream to read: its requirements `
      + 'decided Firehose direct PUT, so producers write to `delivery.deliveryStream` and there is no `source`. '
      + 'Give `requirements` that need a stream, or `sources`');
    expect(pipeline.node.tryFindChild('Part')).toBeUndefined();
  });

  test('options that carry another source are refused: the pipeline\'s would silently win', () => {
    const { stack, pipeline, decoy } = pagingPipeline();
    const props = { source: decoy, handler: handlerIn(stack, 'Fn'), readerName: 'audit' };
    expectInputError(() => pipeline.addConsumer('Audit', props), 'TestStack/Pipeline: `addConsumer()` builds on the pipeline\'s `source`, '
      + 'and its options carry another `source`: leave it out, or build the construct inside the pipeline on the source you mean '
      + '(`new …(pipeline, id, { source, … })`)');
    // The pipeline's own source among the options is no conflict.
    const same = { ...props, source: pipeline.source, readerName: 'same' };
    expect(pipeline.addConsumer('Same', same).source).toBe(pipeline.source);
  });
});
