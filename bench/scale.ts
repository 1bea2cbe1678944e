/**
 * Scale benchmark: does synth time grow linearly with a pipeline's readers?
 *
 * examples/scale-pipeline.ts (one stream, N Lambda readers through enhanced fan-out, five
 * sinks, one `StreamingPipeline` with its dashboard, alarm routing and cost output) is
 * synthesized with 5, 10, 15 and 20 readers, each a fresh `node` process as `cdk synth`
 * runs, the sizes alternating round-robin so that drift on the machine hits them alike.
 * It reports the median wall and CPU time per size and the time each reader adds between
 * successive sizes: linear growth shows as the same time per reader from 5 to 20. No
 * threshold: the figures are read, and depend on the machine.
 *
 * Each size is also synthesized with aws-cdk-lib's built-in CloudFormation validation
 * switched off (`CDK_VALIDATION=false`), so that the report separates what the library and
 * aws-cdk-lib's synthesis cost from what the validation costs: the validation is most of
 * the time, and it is where any faster-than-linear growth shows first.
 *
 * Run: `npx projen bench:scale` (bundles, compiles, runs this); rounds from env BENCH_ROUNDS
 * or `node bench/.build/bench/scale.js <rounds>` (default 5).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CPU_LINE_PREFIX, SYNTH_LINE_PREFIX } from './apps/names';
import { linkAssets } from './assets';
import { median, rounds } from './stats';

const SIZES = [5, 10, 15, 20];

/** One synth: the process's wall and CPU time, and building plus synthesizing alone (modules loaded). */
interface Sample { readonly wall: number; readonly cpu: number; readonly synth: number }

/** The two ways each size is synthesized: as users do, and without the built-in validation. */
const VALIDATIONS = [true, false];
/** The least time a reader must add from 5 to 10 readers for a ratio against it to mean something. */
const MEANINGFUL_MS_A_READER = 5;

function synth(readers: number, validation: boolean): Sample {
  const script = path.join(__dirname, 'apps', 'library-scale.js');
  const env: NodeJS.ProcessEnv = { ...process.env, SCALE_READERS: String(readers) };
  for (const name of ['CDK_VALIDATION', 'CDK_CONTEXT_JSON', 'CDK_OUTDIR']) {
    delete env[name];
  }
  if (!validation) {
    env.CDK_VALIDATION = 'false';
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [script], { env, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error || result.status !== 0) {
    throw new Error(`${readers} readers (validation ${validation ? 'on' : 'off'}) failed with ${result.error ?? `exit code ${result.status}`}:\n${result.stderr}`);
  }
  const reported = (prefix: string) => Number(result.stdout.split('\n').find(l => l.startsWith(prefix))?.slice(prefix.length) ?? NaN);
  return { wall, cpu: reported(CPU_LINE_PREFIX), synth: reported(SYNTH_LINE_PREFIX) };
}

function main(): void {
  linkAssets();
  const n = rounds(5);
  const key = (size: number, validation: boolean) => `${size}:${validation}`;
  const samples = new Map<string, Sample[]>();
  synth(SIZES[0], true); // warm-up, discarded
  for (let round = 0; round < n; round++) {
    for (let i = 0; i < SIZES.length; i++) {
      const size = SIZES[(i + round) % SIZES.length];
      for (const validation of round % 2 === 0 ? VALIDATIONS : [...VALIDATIONS].reverse()) {
        samples.set(key(size, validation), [...samples.get(key(size, validation)) ?? [], synth(size, validation)]);
      }
    }
  }
  const lines = [`Synth time by readers (median of ${n} rounds, fresh process each; "build+synth" leaves out loading modules):`];
  for (const validation of VALIDATIONS) {
    lines.push(validation ? 'As users synthesize (built-in CloudFormation validation on):' : 'Without the built-in validation (CDK_VALIDATION=false):');
    const rows = SIZES.map(size => {
      const all = samples.get(key(size, validation))!;
      return { size, wall: median(all.map(s => s.wall)), cpu: median(all.map(s => s.cpu)), synth: median(all.map(s => s.synth)) };
    });
    rows.forEach((row, i) => {
      const previous = rows[i - 1];
      const ms = previous ? (row.synth - previous.synth) / (row.size - previous.size) * 1000 : 0;
      const perReader = previous ? `, ${ms >= 0 ? '+' : ''}${ms.toFixed(0)} ms a reader since ${previous.size}` : '';
      lines.push(`  ${String(row.size).padStart(2)} readers: wall ${row.wall.toFixed(2)} s, CPU ${row.cpu.toFixed(2)} s, `
        + `build+synth ${row.synth.toFixed(2)} s${perReader}`);
    });
    const first = (rows[1].synth - rows[0].synth) / (rows[1].size - rows[0].size);
    const last = (rows[3].synth - rows[2].synth) / (rows[3].size - rows[2].size);
    // A ratio to a step of a few milliseconds (or less) says nothing but noise.
    lines.push(first * 1000 >= MEANINGFUL_MS_A_READER
      ? `  build+synth time a reader adds, 15→20 against 5→10: ${(last / first).toFixed(2)} (1.00 is linear; well above 1 would grow faster than the readers)`
      : `  build+synth time a reader adds from 5 to 10 is under ${MEANINGFUL_MS_A_READER} ms, within the noise: no ratio`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main();
