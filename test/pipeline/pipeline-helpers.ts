import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PipelineRequirements } from '../../src';
import { testStack } from '../app-fixture';

export { testStack };

/** Path prefix of warnings the pipeline raises. */
export const PIPELINE_WARNING = 'cdk-streaming-pipelines:StreamingPipeline:';

/** Sub-second, replayed for a week by three teams: the decision table's Kinesis row. */
export const KINESIS_NEEDS: PipelineRequirements = {
  latency: Duration.seconds(1),
  replay: Duration.days(7),
  independentConsumers: 3,
  workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 500 },
};

/** A function of `memorySize` MB on x86_64; the code is never run. */
export function handlerIn(scope: Construct, id: string, memorySize = 256): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    memorySize,
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
  });
}

/** Every alarm of the stack with its actions, by logical id. */
export function alarmActions(stack: Stack): Record<string, { alarm: unknown; ok: unknown }> {
  const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm') as
    Record<string, { Properties: { AlarmActions?: unknown; OKActions?: unknown } }>;
  return Object.fromEntries(Object.entries(alarms).map(([id, a]) => [id, { alarm: a.Properties.AlarmActions, ok: a.Properties.OKActions }]));
}

/** A dashboard widget as CloudWatch reads it. */
export interface Widget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title?: string;
    readonly markdown?: string;
    readonly background?: string;
    readonly metrics?: unknown[][];
    readonly annotations?: { alarms?: string[]; horizontal?: Array<{ value: number; label: string; yAxis: string }> };
  };
}

/**
 * The widgets of the stack's one dashboard, its body parsed as JSON with each reference
 * written as `Ref:<id>` or `<id>.<attribute>`.
 */
export function dashboardWidgets(stack: Stack): Widget[] {
  const dashboards = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
  expect(Object.keys(dashboards)).toHaveLength(1);
  const body = Object.values(dashboards)[0].Properties.DashboardBody;
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const text = parts.map(p => {
    if (typeof p === 'string') {
      return p;
    }
    const ref = p as { 'Ref'?: string; 'Fn::GetAtt'?: string[] };
    return ref.Ref !== undefined ? `Ref:${ref.Ref}` : ref['Fn::GetAtt']!.join('.');
  }).join('');
  return JSON.parse(text).widgets;
}
