import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IStreamSource, PartitionKey, StreamingIngest, StreamSource } from '../../../src';
import { ApiGatewayProducer, ApiGatewayProducerProps } from '../../../src/produce';
import { testStack } from '../../app-fixture';
import { logicalId } from '../../template-refs';

/** Construct path of the producer every fixture creates: its errors start with it. */
export const PRODUCER = 'TestStack/Orders';
/** The ARN of the imported stream 'orders', whose name is known at synth. */
export const ORDERS_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
export const METHOD = 'AWS::ApiGateway::Method';
export const ALARM = 'AWS::CloudWatch::Alarm';

/** Producer props without the source, which the fixtures supply. */
export type ProducerOptions = Partial<ApiGatewayProducerProps>;

/** The props every fixture passes unless told otherwise: 100 records/s keyed by `customerId`. */
export const BASE_PROPS = { recordsPerSecond: 100, partitionKey: PartitionKey.field('customerId') };

/** A producer `TestStack/Orders` of `StreamingIngest` 'Ingest'. */
export function producerOfIngest(options: (stack: Stack) => ProducerOptions = () => ({})) {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest');
  const producer = new ApiGatewayProducer(stack, 'Orders', { source: ingest, ...BASE_PROPS, ...options(stack) });
  return { stack, ingest, producer, template: () => Template.fromStack(stack) };
}

/** A producer `TestStack/Orders` of the imported stream 'orders' (its name is a plain string in the templates). */
export function producerOfOrders(options: (stack: Stack) => ProducerOptions = () => ({})) {
  const stack = testStack();
  const source: IStreamSource = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Stream', ORDERS_ARN));
  const producer = new ApiGatewayProducer(stack, 'Orders', { source, ...BASE_PROPS, ...options(stack) });
  return { stack, source, producer, template: () => Template.fromStack(stack) };
}

/** The synthesized `AWS::ApiGateway::Method` of a method construct. */
export function methodResource(template: Template, method: { node: any }): any {
  return template.toJSON().Resources[logicalId(method as any)];
}

/** A method's integration request template for application/json, resolved. */
export function requestTemplateOf(template: Template, method: { node: any }): string {
  return methodResource(template, method).Properties.Integration.RequestTemplates['application/json'];
}

/** A method's integration response template for `statusCode`. */
export function responseTemplateOf(template: Template, method: { node: any }, statusCode: string): string {
  const responses = methodResource(template, method).Properties.Integration.IntegrationResponses;
  return responses.find((r: any) => r.StatusCode === statusCode).ResponseTemplates['application/json'];
}
