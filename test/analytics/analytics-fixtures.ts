import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import {
  ApplicationCode, IStreamSource, KafkaBridge, KafkaInstanceType, KafkaTopic, StreamAnalytics, StreamAnalyticsProps,
  StreamingIngest, StreamingIngestProps,
} from '../../src';
import { testStack } from '../app-fixture';
import { logicalId, ref } from '../template-refs';

/** Construct path of the application every fixture creates: errors and descriptions start with it. */
export const JOB = 'TestStack/Job';

/** Application props without the source and the code, which the fixtures supply. */
export type JobOptions = Partial<StreamAnalyticsProps>;

/** The job's code in a bucket that exists, 'code-bucket' (imported once per stack): no asset to stage. */
export function bucketCode(stack: Stack): ApplicationCode {
  const bucket = (stack.node.tryFindChild('CodeBucket') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(stack, 'CodeBucket', 'code-bucket');
  return ApplicationCode.fromBucket(bucket, 'job.jar');
}

/** Props as given, or made in the fixture's stack (keys, sinks). */
export type InStack<T> = T | ((stack: Stack) => T);

function inStack<T>(given: InStack<T>, stack: Stack): T {
  return typeof given === 'function' ? (given as (stack: Stack) => T)(stack) : given;
}

/** A `StreamingIngest` 'Ingest' and an application 'Job' reading it, with the code in 'code-bucket'. */
export function kinesisJob(options: InStack<JobOptions> = {}, ingestProps: InStack<StreamingIngestProps> = {}) {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest', inStack(ingestProps, stack));
  const job = new StreamAnalytics(stack, 'Job', { source: ingest, code: bucketCode(stack), ...inStack(options, stack) });
  return { stack, ingest, job, template: () => Template.fromStack(stack) };
}

/** A bridge 'Bridge' (cluster 'orders') in an isolated 3-AZ VPC and its topic 'orders'. */
export function kafkaTopic(stack: Stack): { vpc: ec2.Vpc; bridge: KafkaBridge; topic: KafkaTopic } {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  // The bridge's own alarms are off: only the application's are under test here.
  const bridge = new KafkaBridge(stack, 'Bridge', {
    vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, clusterName: 'orders', createAlarms: false,
  });
  return { vpc, bridge, topic: bridge.addTopic('orders') };
}

/** The topic 'orders' of a bridge and an application 'Job' reading it as consumer group 'windows'. */
export function kafkaJob(options: InStack<JobOptions> = {}, source?: (topic: KafkaTopic) => IStreamSource) {
  const stack = testStack();
  const { vpc, bridge, topic } = kafkaTopic(stack);
  const job = new StreamAnalytics(stack, 'Job', {
    source: source ? source(topic) : topic, code: bucketCode(stack), readerName: 'windows', ...inStack(options, stack),
  });
  return { stack, vpc, bridge, topic, job, template: () => Template.fromStack(stack) };
}

/** A resource of the template by its construct (the construct's default child). */
export function resourceOf(template: Template, construct: IConstruct): any {
  const found = template.toJSON().Resources[logicalId(construct)];
  expect(found).toBeDefined();
  return found;
}

/** Every statement of the role's policies, in order. */
export function roleStatements(template: Template, role: iam.IRole): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([ref(role)]))
    .flatMap(p => p.Properties.PolicyDocument.Statement);
}

/** The application's property groups as the template has them, by id. */
export function propertyGroupsOf(template: Template, job: StreamAnalytics): { [id: string]: any } {
  const groups: Array<{ PropertyGroupId: string; PropertyMap: any }> =
    resourceOf(template, job.application).Properties.ApplicationConfiguration.EnvironmentProperties.PropertyGroups;
  return Object.fromEntries(groups.map(g => [g.PropertyGroupId, g.PropertyMap]));
}

/** The alarms of the template whose logical ids start with `Job<name>Alarm`, by name. */
export function jobAlarms(template: Template): { [name: string]: any } {
  return Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
    .map(([id, alarm]) => [/^Job(\w+?)Alarm/.exec(id)?.[1], alarm] as const)
    .filter(([name]) => name !== undefined));
}
