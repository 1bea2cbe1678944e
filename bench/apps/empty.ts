/**
 * Variant (c): an empty stack, for context. It pays what every app pays (starting node,
 * loading aws-cdk-lib's core, the built-in validation), so the other variants' time
 * above it is what their resources cost.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { REFERENCE_ENV, STACK_ID } from './names';
import { synthApp } from './synth-app';

synthApp(app => {
  const stack = new Stack(app, STACK_ID, { env: REFERENCE_ENV });
  // With findings as errors, validation rejects a template without resources; the
  // stack stays empty (no placeholder resource) and validation still runs.
  Validations.of(stack).acknowledge({
    id: 'CloudFormation-Validate::F0001',
    reason: 'The benchmark baseline is an empty stack on purpose.',
  });
});
