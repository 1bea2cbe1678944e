import { CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { StreamingIngest } from '../../src';
import { expectInputError } from '../input-errors';

export { expectInputError };

/** The CloudFormation logical id of the Kinesis stream of `ingest`. */
export function streamLogicalId(ingest: StreamingIngest): string {
  return Stack.of(ingest).getLogicalId(ingest.stream.node.defaultChild as CfnElement);
}

/** `{ Ref: <stream> }`: how a stream's name renders in the template. */
export function streamRef(ingest: StreamingIngest): { Ref: string } {
  return { Ref: streamLogicalId(ingest) };
}

/** The `StreamName` dimension every Kinesis alarm of `ingest` must carry. */
export function streamDimensions(ingest: StreamingIngest): object[] {
  return [{ Name: 'StreamName', Value: streamRef(ingest) }];
}

/** Escapes `text` for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every warning message of the stack (synthesizes it). */
export function warningMessages(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(m => String(m.entry.data));
}
