/**
 * What every benchmarked program shares, so the variants differ only in the stack they add.
 *
 * Each program is run as a fresh `node` process: that is what `cdk synth` costs a user
 * (loading aws-cdk-lib, building the tree, the built-in CloudFormation validation).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { CPU_LINE_PREFIX } from './names';

/**
 * Synthesizes an app with the stacks `addStacks` adds.
 *
 * The context is set as users run the reference app (examples/reference-app.ts):
 * validation findings fail the synth, so a variant cannot look fast by producing an
 * invalid template, and the feature flags are the ones `cdk init` writes into a new
 * app's cdk.json (aws-cdk-lib's `CURRENTLY_RECOMMENDED_FLAGS`).
 *
 * Without an argument the cloud assembly goes to a temporary folder that is removed
 * afterwards (nothing piles up over many runs); with one (the equivalence check) it
 * goes there and is kept.
 */
export function synthApp(addStacks: (app: App) => void): void {
  const keptOutdir = process.argv[2];
  const outdir = keptOutdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const app = new App({
      outdir,
      // As examples/reference-app.ts makes the app, for both variants: the feature flags
      // `cdk init` sets (several change the template: partition literals, minimized
      // policies, access logs through a bucket policy, …) and validation findings as errors.
      context: {
        ...CURRENTLY_RECOMMENDED_FLAGS,
        '@aws-cdk/core:validateAgainstDefaultRules': true,
      },
    });
    addStacks(app);
    app.synth();
  } finally {
    if (keptOutdir === undefined) {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  // CPU time of the whole process (all threads, since it started), for the runner: it
  // moves much less than wall time when other jobs compete for the 2 cores.
  const cpu = process.cpuUsage();
  process.stdout.write(`${CPU_LINE_PREFIX}${(cpu.user + cpu.system) / 1e6}\n`);
}
