/**
 * The bundled Lambda handlers, where the compiled benchmark looks for them.
 *
 * The library finds a shipped handler's bundle relative to its compiled class
 * (src/sinks/aggregate-function.ts: `../../assets/sinks/aggregate.lambda`). The bench
 * compiles src/ into bench/.build/src/, so that path is bench/.build/assets/: this links
 * it to the repository's assets/, which `npx projen bundle` builds (the bench task runs
 * it first). The raw app reaches the same folder through the same relative path, so both
 * variants stage the same files and their templates name the same asset hash.
 *
 * A link, not a copy: a rebundled handler is seen without recompiling the bench.
 *
 * The same for the reference pipeline's Flink job (examples/analytics-layer.ts uploads
 * `examples/flink-job/` as an asset, found next to its compiled file): tsc compiles
 * examples/ into bench/.build/examples/ without it, so bench/.build/examples/flink-job
 * links to the repository's folder. The asset's hash is of the folder's content (CDK
 * resolves the link first), the same for both variants and for `npm run plan`.
 */
import * as fs from 'fs';
import * as path from 'path';

/** bench/.build: this file compiles to bench/.build/bench/assets.js. */
const BUILD_DIR = path.resolve(__dirname, '..');
/** The repository's assets/, where `npx projen bundle` writes. */
const ASSETS_DIR = path.resolve(BUILD_DIR, '..', '..', 'assets');
/** The reference pipeline's stand-in Flink job, an asset folder kept in examples/. */
const FLINK_JOB_DIR = path.resolve(BUILD_DIR, '..', '..', 'examples', 'flink-job');
/** The bundles the benchmarked apps use, relative to assets/. */
const BUNDLES = [
  'sinks/aggregate.lambda/index.js',
  'kafka/multi-vpc-on-event.lambda/index.js',
  'kafka/multi-vpc-is-complete.lambda/index.js',
  'analytics/start-application-on-event.lambda/index.js',
  'analytics/start-application-is-complete.lambda/index.js',
  'sinks/redshift/redshift-sql-on-event.lambda/index.js',
  'sinks/redshift/redshift-sql-is-complete.lambda/index.js',
  'produce/dms/start-replication-task-on-event.lambda/index.js',
  'produce/dms/start-replication-task-is-complete.lambda/index.js',
];

/**
 * Makes bench/.build/assets a link to the repository's assets/, and
 * bench/.build/examples/flink-job one to examples/flink-job, replacing whatever is there.
 * Throws if a bundle the apps need has not been built.
 */
export function linkAssets(): void {
  const missing = BUNDLES.filter(bundle => !fs.existsSync(path.join(ASSETS_DIR, bundle)));
  if (missing.length > 0) {
    throw new Error(`Handler bundles missing in ${ASSETS_DIR}: ${missing.join(', ')}. Run \`npx projen bundle\` `
      + '(`npx projen bench` does it first).');
  }
  linkDirectory(path.join(BUILD_DIR, 'assets'), ASSETS_DIR);
  linkDirectory(path.join(BUILD_DIR, 'examples', 'flink-job'), FLINK_JOB_DIR);
}

/** Makes `link` a relative link to the directory `target`, unless it is one already. */
function linkDirectory(link: string, target: string): void {
  const existing = fs.lstatSync(link, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink() && path.resolve(path.dirname(link), fs.readlinkSync(link)) === target) {
    return;
  }
  // A stale copy or a link elsewhere; rmSync removes a link itself, not what it points to.
  fs.rmSync(link, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(link), { recursive: true });
  // 'junction' only matters on Windows, where a directory symlink needs privileges.
  fs.symlinkSync(path.relative(path.dirname(link), target), link, 'junction');
}
