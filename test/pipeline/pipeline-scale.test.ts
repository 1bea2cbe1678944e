import { Template } from 'aws-cdk-lib/assertions';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { ScalePipelineStack } from '../../examples/scale-pipeline';
import { testApp } from '../app-fixture';

/** CloudFormation's quotas: resources in a template, and a template's size in bytes (from S3). */
const MAX_RESOURCES = 500;
const MAX_TEMPLATE_BYTES = 1_000_000;

function synth(consumers: number): { resources: number; bytes: number; stack: ScalePipelineStack } {
  // With the feature flags `cdk init` sets, as examples/reference-app.ts: the templates users get.
  const app = testApp({ context: { ...CURRENTLY_RECOMMENDED_FLAGS } });
  const stack = new ScalePipelineStack(app, 'Scale', { consumers, env: { account: '111111111111', region: 'us-east-1' } });
  const template = app.synth().getStackByName('Scale').template;
  return { resources: Object.keys(template.Resources).length, bytes: JSON.stringify(template).length, stack };
}

describe('a pipeline at the promised scale: one stream, 20 enhanced fan-out readers, 5 sinks', () => {
  const sizes = [5, 10, 20].map(n => ({ n, ...synth(n) }));
  const largest = sizes[2];

  test('stays within CloudFormation\'s 500 resources and 1 MB template', () => {
    expect(largest.resources).toBeLessThan(MAX_RESOURCES);
    expect(largest.bytes).toBeLessThan(MAX_TEMPLATE_BYTES);
    const template = Template.fromStack(largest.stack);
    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 20);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 4);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('each reader adds the same resources and bytes: the template grows linearly', () => {
    const perReader = (a: typeof sizes[0], b: typeof sizes[0]) => (b.resources - a.resources) / (b.n - a.n);
    expect(perReader(sizes[0], sizes[1])).toBe(perReader(sizes[1], sizes[2]));
    const bytesPerReader = (a: typeof sizes[0], b: typeof sizes[0]) => (b.bytes - a.bytes) / (b.n - a.n);
    // Bytes per reader vary only with the digits of its index (reader-9 against reader-10).
    expect(bytesPerReader(sizes[1], sizes[2]) / bytesPerReader(sizes[0], sizes[1])).toBeCloseTo(1, 1);
  });

  test('every alarm of the 20 readers and 5 sinks is on the dashboard', () => {
    const template = Template.fromStack(largest.stack);
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBe(largest.stack.pipeline.alarms.length);
    alarms.forEach(id => expect(body).toContain(`"${id}","Arn"`));
  });
});
