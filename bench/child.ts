/**
 * Running a benchmarked app as a fresh `node` process, the same way for the timing
 * rounds and the equivalence check, so what is checked is what is timed.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CPU_LINE_PREFIX } from './apps/names';

/** The benchmarked programs, compiled next to this file under apps/. */
export const VARIANTS = {
  library: 'library-pipeline',
  raw: 'raw-pipeline',
  empty: 'empty',
} as const;

export type Variant = keyof typeof VARIANTS;

/**
 * The children's environment: this one, minus what would change how they synthesize.
 * `CDK_VALIDATION=false` (set by the unit tests' setup, and handy in a shell) would skip
 * the built-in validation users pay for; the CLI's context and outdir variables would
 * override the apps' own settings.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['CDK_VALIDATION', 'CDK_CONTEXT_JSON', 'CDK_OUTDIR']) {
    delete env[name];
  }
  return env;
}

/** What one synth cost, in seconds. */
export interface Measurement {
  /** Process start to exit, as a user waits for it. */
  readonly wall: number;
  /** CPU time the process reported (user + system, all threads). */
  readonly cpu: number;
}

/**
 * Synthesizes one variant in a fresh process and measures it. `outdir` keeps the
 * cloud assembly there.
 */
export function runVariant(variant: Variant, outdir?: string): Measurement {
  const script = path.join(__dirname, 'apps', `${VARIANTS[variant]}.js`);
  const args = outdir === undefined ? [script] : [script, outdir];
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env: childEnv(), encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error || result.status !== 0) {
    throw new Error(`${variant} (${script}) failed with ${result.error ?? `exit code ${result.status}`}:\n${result.stderr}${result.stdout}`);
  }
  const cpuLine = result.stdout.split('\n').find(l => l.startsWith(CPU_LINE_PREFIX));
  if (!cpuLine) {
    throw new Error(`${variant} did not report its CPU time:\n${result.stdout}`);
  }
  return { wall: seconds, cpu: Number(cpuLine.slice(CPU_LINE_PREFIX.length)) };
}
