import { App, Validations } from 'aws-cdk-lib';
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
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      // What `cdk init` sets in new apps: S3 delivers access logs through a bucket policy, not the legacy ACL.
      '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const env = { account: '111111111111', region: 'us-east-1' };
  new ReferencePipelineStack(app, 'ReferencePipeline', { env });
  new KafkaPipelineStack(app, 'KafkaPipeline', { env });
  return app;
}
