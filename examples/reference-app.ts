import { App, Validations } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KafkaPipelineStack } from './kafka-pipeline';
import { ReferencePipelineStack } from './reference-pipeline';

/** Where the reference pipelines are synthesized to, and whether checks run. */
export interface ReferenceAppOptions {
  /** Output folder of the cloud assembly. */
  readonly outdir?: string;
}

/**
 * The reference pipelines as one CDK app, with the checks no one here wrote switched
 * on: the built-in CloudFormation validation with findings as errors, and cdk-nag's
 * AwsSolutions pack. Either one failing makes `app.synth()` throw.
 */
export function referenceApp(options: ReferenceAppOptions = {}): App {
  const app = new App({
    outdir: options.outdir,
    context: {
      // Users copy this app: it sets the feature flags `cdk init` writes into a new app's
      // cdk.json (aws-cdk-lib's recommended values for this version: partition literals,
      // minimized IAM policies, access logs through a bucket policy, …), so the templates
      // here are the ones a new app gets.
      ...CURRENTLY_RECOMMENDED_FLAGS,
      // Validation findings fail the synth (stated even though the flags above set it too).
      '@aws-cdk/core:validateAgainstDefaultRules': true,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const env = { account: '111111111111', region: 'us-east-1' };
  new ReferencePipelineStack(app, 'ReferencePipeline', { env });
  new KafkaPipelineStack(app, 'KafkaPipeline', { env });
  return app;
}
