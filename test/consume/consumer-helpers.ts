import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ShardConsumer, ShardConsumerProps, StreamingIngest, StreamingIngestProps } from '../../src';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { getAtt, logicalId, ref } from '../template-refs';

export { expectInputError, getAtt, logicalId, ref };

/** Construct path of the consumer every fixture creates: errors and warnings start with it. */
export const CONSUMER = 'TestStack/Consumer';
/** How reader messages name the `StreamingIngest` 'Ingest' (not its `Resource` stream). */
export const INGEST = 'TestStack/Ingest';

/** Warning ids, as `[ack: ...]` shows them and `acknowledgeWarning()` takes them. */
export const WARNING = {
  infiniteRetries: 'cdk-streaming-pipelines:ShardConsumer:infiniteRetries',
  streamAsTaskQueue: 'cdk-streaming-pipelines:ShardConsumer:streamAsTaskQueue',
  failureDestinationKeepsPointers: 'cdk-streaming-pipelines:ShardConsumer:failureDestinationKeepsPointers',
  shortReplayWindow: 'cdk-streaming-pipelines:ShardConsumer:shortReplayWindow',
  tooManyPollingReaders: 'cdk-streaming-pipelines:StreamSource:tooManyPollingReaders',
} as const;

/** Consumer props without the source and the handler, which the fixtures supply. */
export type ConsumerOptions = Partial<ShardConsumerProps>;

/** A stack, a `StreamingIngest` in it, and a handler function. */
export interface ConsumerFixture {
  readonly stack: Stack;
  readonly ingest: StreamingIngest;
  readonly handler: lambda.Function;
}

/** A small inline Node.js function; the code is never run. */
export function newHandler(scope: Construct, id = 'Handler'): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
  });
}

/** A fresh stack with `StreamingIngest` 'Ingest' (24 h retention unless `ingestProps` say otherwise) and a handler. */
export function ingestFixture(ingestProps: StreamingIngestProps = {}): ConsumerFixture {
  const stack = testStack();
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', ingestProps), handler: newHandler(stack) };
}

/**
 * A consumer of the fixture's stream at `TestStack/<id>`. 'Consumer' is backed by the
 * fixture's handler; any other id by a new handler `TestStack/<id>Handler`, since a
 * function backs only one consumer per stream. `options.handler` overrides either.
 */
export function addConsumer(f: ConsumerFixture, options: ConsumerOptions = {}, id = 'Consumer'): ShardConsumer {
  const handler = id === 'Consumer' ? f.handler : newHandler(f.stack, `${id}Handler`);
  return new ShardConsumer(f.stack, id, { source: f.ingest, handler, ...options });
}

/** A fixture with one consumer `TestStack/Consumer`. */
export function consumerIn(options: ConsumerOptions = {}, ingestProps: StreamingIngestProps = {}): ConsumerFixture & {
  readonly consumer: ShardConsumer;
  readonly template: () => Template;
} {
  const fixture = ingestFixture(ingestProps);
  const consumer = addConsumer(fixture, options);
  return { ...fixture, consumer, template: () => Template.fromStack(fixture.stack) };
}

/** The logical id of the default policy of a function's role (created by the first grant). */
export function defaultPolicyId(handler: lambda.Function): string {
  const policy = (handler.role as iam.Role).node.findChild('DefaultPolicy');
  return logicalId(policy);
}
