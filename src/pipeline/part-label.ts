import { Stack, Token } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IConstruct } from 'constructs';
import { StreamingIngest } from '../ingest/streaming-ingest';

/**
 * A part's name on the pipeline's dashboard, cost report and diagram: its path within the
 * pipeline's stack (`Processing/FraudDetector`), or its full path when it is in another
 * stack, so that two stacks' `Reader`s stay apart.
 */
export function partLabel(construct: IConstruct, pipeline: IConstruct): string {
  const home = Stack.of(pipeline);
  const path = construct.node.path;
  return Stack.of(construct) === home && path.startsWith(home.node.path + '/') ? path.slice(home.node.path.length + 1) : path;
}

/**
 * The shards of a provisioned stream, as planned or as fixed by `shardCount`; undefined
 * for an on-demand stream (its capacity follows its peak) or a count only known at deploy.
 */
export function provisionedShards(ingest: StreamingIngest): number | undefined {
  if (ingest.streamMode !== kinesis.StreamMode.PROVISIONED) {
    return undefined;
  }
  if (ingest.plan) {
    return ingest.plan.shardCount;
  }
  const fixed = (ingest.stream.node.defaultChild as kinesis.CfnStream | undefined)?.shardCount;
  return typeof fixed === 'number' && !Token.isUnresolved(fixed) ? fixed : undefined;
}
