/**
 * The scale benchmark's app: examples/scale-pipeline.ts (one stream, `SCALE_READERS`
 * enhanced fan-out Lambda readers, five sinks, one `StreamingPipeline`), synthesized as every
 * benchmarked app is; bench/scale.ts runs it with the built-in validation and again without
 * (`CDK_VALIDATION=false`). No raw twin: it compares the library with itself at different sizes.
 */
import { REFERENCE_ENV, SYNTH_LINE_PREFIX } from './names';
import { synthApp } from './synth-app';
import { ScalePipelineStack } from '../../examples/scale-pipeline';

const readers = Number(process.env.SCALE_READERS);
if (!Number.isInteger(readers) || readers < 1 || readers > 20) {
  throw new Error(`SCALE_READERS must be an integer from 1 to 20, got '${process.env.SCALE_READERS}'`);
}
// Building and synthesizing alone, modules loaded: the part that depends on the readers.
const start = process.hrtime.bigint();
synthApp(app => new ScalePipelineStack(app, 'ScalePipeline', { consumers: readers, env: REFERENCE_ENV }));
process.stdout.write(`${SYNTH_LINE_PREFIX}${Number(process.hrtime.bigint() - start) / 1e9}\n`);
