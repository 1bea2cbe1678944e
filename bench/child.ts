/**
 * Running a benchmarked app as a fresh `node` process, the same way for the timing
 * rounds and the equivalence check, so what is checked is what is timed.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ANALYTICS_STACK_ID, CPU_LINE_PREFIX, KAFKA_STACK_ID, SINKS_STACK_ID, STACK_ID } from './apps/names';

/** The benchmarked programs, compiled next to this file under apps/. */
export const VARIANTS = {
  'library': 'library-pipeline',
  'raw': 'raw-pipeline',
  'kafka-lib': 'library-kafka',
  'kafka-raw': 'raw-kafka',
  'analytics-lib': 'library-analytics',
  'analytics-raw': 'raw-analytics',
  'sinks-lib': 'library-sinks',
  'sinks-raw': 'raw-sinks',
  'empty': 'empty',
} as const;

export type Variant = keyof typeof VARIANTS;

/** A library example and its hand-written twin: checked for the same template, timed against each other. */
export interface Pair {
  /** Names the pair in the output; empty for the reference pipeline, whose output predates the pairs. */
  readonly name: string;
  readonly library: Variant;
  readonly raw: Variant;
  /** The stack both synthesize, whose templates are compared. */
  readonly stackId: string;
}

/**
 * The pairs: the reference pipeline, the Kafka reference pipeline (examples/kafka-pipeline.ts),
 * a Managed Flink application on a stream (bench/apps/library-analytics.ts), and the issue-12
 * sinks on a stream (bench/apps/library-sinks.ts: indexes into a new OpenSearch domain and a
 * Serverless collection, a Firehose COPY into a provisioned Redshift cluster).
 */
export const PAIRS: readonly Pair[] = [
  { name: '', library: 'library', raw: 'raw', stackId: STACK_ID },
  { name: 'Kafka', library: 'kafka-lib', raw: 'kafka-raw', stackId: KAFKA_STACK_ID },
  { name: 'Analytics', library: 'analytics-lib', raw: 'analytics-raw', stackId: ANALYTICS_STACK_ID },
  { name: 'Sinks', library: 'sinks-lib', raw: 'sinks-raw', stackId: SINKS_STACK_ID },
];

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
