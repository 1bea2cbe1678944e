import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KafkaBridge, KafkaTopic, StreamingIngest, StreamingIngestProps } from '../../src';
import { testStack } from '../app-fixture';

/** A fresh stack with `StreamingIngest` 'Ingest' (provisioned for 1 MiB/s and 500 records/s unless `props` say otherwise). */
export function ingestFixture(props: StreamingIngestProps = {}): { stack: Stack; ingest: StreamingIngest } {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest', { workload: { ingestMibPerSecond: 1, ingestRecordsPerSecond: 500 }, ...props });
  return { stack, ingest };
}

/** A topic of a new `KafkaBridge` in a fresh stack. */
export function kafkaTopicFixture(): { stack: Stack; topic: KafkaTopic } {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const bridge = new KafkaBridge(stack, 'Bridge', { vpc, workload: { ingestMibPerSecond: 5 } });
  return { stack, topic: bridge.addTopic('telemetry') };
}

/** The statements of every policy attached to `role`, in order. */
export function roleStatements(template: Template, stack: Stack, role: iam.IRole): unknown[] {
  const roleRef = stack.resolve((role as iam.Role).roleName);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([roleRef]))
    .flatMap(p => p.Properties.PolicyDocument.Statement);
}
