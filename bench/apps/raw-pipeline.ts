/**
 * Variant (b): the library's reference pipeline written by hand with aws-cdk-lib only,
 * as a team would without the library: the ingest layer (raw-ingest.ts) and the
 * processing layer (raw-processing.ts) in one stack, like examples/reference-pipeline.ts.
 *
 * It deliberately imports nothing from src/ or examples/: what the library computes
 * (shard counts, thresholds, retry and age settings, handler configuration) is written
 * out. bench/check-equivalence.ts fails the benchmark if the two templates drift apart,
 * so the comparison stays like for like.
 */
import { Stack } from 'aws-cdk-lib';
import { REFERENCE_ENV, STACK_ID } from './names';
import { addIngestLayer } from './raw-ingest';
import { addProcessingLayer } from './raw-processing';
import { synthApp } from './synth-app';

synthApp(app => {
  const stack = new Stack(app, STACK_ID, { env: REFERENCE_ENV });
  addProcessingLayer(stack, addIngestLayer(stack));
});
