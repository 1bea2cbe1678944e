/**
 * Names the apps and the runner agree on, kept apart from synth-app.ts so the runner
 * does not load aws-cdk-lib just to read them.
 */

/** The environment the reference app deploys to (examples/reference-app.ts). */
export const REFERENCE_ENV = { account: '111111111111', region: 'us-east-1' };

/** Id of the stack in every variant, so the templates can be compared file by file. */
export const STACK_ID = 'ReferencePipeline';

/** Id of the stack in the Kafka pair, as examples/reference-app.ts names it. */
export const KAFKA_STACK_ID = 'KafkaPipeline';

/** Id of the stack in the analytics pair (a Managed Flink application on a stream). */
export const ANALYTICS_STACK_ID = 'AnalyticsPipeline';

/** Id of the stack in the sinks pair (the issue-12 sinks: two OpenSearch indexes and a Redshift COPY). */
export const SINKS_STACK_ID = 'SinksPipeline';

/** Starts the line an app prints with its CPU seconds. */
export const CPU_LINE_PREFIX = 'bench-cpu-seconds ';

/** Line on which the scale app reports the seconds it took to build and synthesize, modules loaded. */
export const SYNTH_LINE_PREFIX = 'bench-synth-seconds ';
