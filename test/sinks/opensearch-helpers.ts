import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { StreamingIngest } from '../../src';
import { IndexToOpenSearch, IndexToOpenSearchProps } from '../../src/sinks';
import { testStack } from '../app-fixture';

/** Construct path of the sink every fixture creates. */
export const SINK = 'TestStack/Search';
export const DELIVERY_STREAM = 'AWS::KinesisFirehose::DeliveryStream';
export const DOMAIN = 'AWS::OpenSearchService::Domain';
export const ALARM = 'AWS::CloudWatch::Alarm';

/** An index 'orders' of `StreamingIngest` 'Ingest' at `TestStack/Search`. */
export function indexOfIngest(props: (stack: Stack) => Partial<IndexToOpenSearchProps> = () => ({})) {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest');
  const sink = new IndexToOpenSearch(stack, 'Search', { source: ingest, indexName: 'orders', ...props(stack) });
  return { stack, ingest, sink, template: () => Template.fromStack(stack) };
}

/** The statements of the one policy of the role the delivery stream delivers with. */
export function deliveryStatements(template: Template): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const stream = Object.values(template.findResources(DELIVERY_STREAM))[0];
  const role = stream.Properties.AmazonopensearchserviceDestinationConfiguration.RoleARN['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}
