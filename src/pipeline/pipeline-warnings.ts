import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Raises an acknowledgeable warning on the pipeline, with an id under the one prefix every
 * StreamingPipeline warning shares (`cdk-streaming-pipelines:StreamingPipeline:<id>`), so that
 * `Annotations.acknowledgeWarning` takes the same form whichever file raised it.
 */
export function warnOnPipeline(pipeline: IConstruct, id: string, message: string): void {
  Annotations.of(pipeline).addWarningV2(`cdk-streaming-pipelines:StreamingPipeline:${id}`, message);
}
