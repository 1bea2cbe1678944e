/**
 * Synth benchmark: is the library's reference pipeline (examples/reference-pipeline.ts:
 * the reference document's whole stack, stream → Lambda consumer → Firehose → versioned
 * S3 archive with date prefixes, plus Parquet, the catalog and the registry: the ingest
 * layer's streams and alarms, the Glue Schema Registry, the producer layer's REST API and
 * DMS change data capture with its start custom resource, the processing layer's
 * consumers, table, functions, failure buckets and alarms, the storage layer's lake
 * buckets, delivery streams, Glue database and table, Athena workgroup, the clickstream's
 * OpenSearch domain, index delivery and backup bucket, and alarms, the analytics
 * layer's Flink job, the warehouse layer's Redshift Serverless namespace and workgroup
 * loading the orders by streaming ingestion through two Redshift Data API custom resources,
 * and the `StreamingPipeline` over both streams: its alarm routing, its dashboard and its
 * cost output) as quick to synthesize as the same resources written by hand
 * (bench/apps/raw-*.ts, the dashboard and output in raw-watch.ts)?
 * And the same for the Kafka reference pipeline (examples/kafka-pipeline.ts: VPC, a
 * `StreamingPipeline` deciding MSK and building the cluster sized from a workload, topic,
 * multi-VPC connectivity custom resource, its dashboard and cost output, a Lambda
 * consumer and a Firehose archive) against bench/apps/raw-kafka*.ts, and for a Managed
 * Flink application on a stream (bench/apps/library-analytics.ts: a `StreamingIngest` and
 * a `StreamAnalytics` with its fan-out consumer, role, logs, start custom resource, table
 * and bucket sinks and alarms) against bench/apps/raw-analytics.ts, and for the issue-12
 * sinks on a stream (bench/apps/library-sinks.ts: an `IndexToOpenSearch` into a new
 * `SecureSearchDomain`, one into a new `ServerlessCollection`, and a `DeliverToRedshift`
 * Firehose COPY into a provisioned cluster with its table's custom resource) against
 * bench/apps/raw-sinks.ts. The variants come
 * in pairs (child.ts `PAIRS`), each checked for the same template and given its own ratio.
 * Goal: library ÷ raw ≤ 1.10, for each pair.
 *
 * Method, and why:
 * - Each synth is a fresh `node` process, as `cdk synth` runs an app: module loading
 *   and the built-in CloudFormation validation (about 1 s per process) are part of what
 *   users wait for, and a warm process would hide them.
 * - Variants alternate round-robin, the starting one rotating each round, so drift in
 *   the machine (other jobs, thermal, caches) hits all of them alike. One at a time:
 *   the machine has 2 cores and each synth uses more than one.
 * - One warm-up round is discarded (cold disk cache after a build).
 * - Medians, with min and max to show the spread; ratios come from this run only, no
 *   stored baseline, since absolute times depend on the machine. Each app also reports
 *   its CPU time, which other jobs on the machine disturb less than wall time.
 * - Before timing, the equivalence check proves raw and library produce the same
 *   template and that validation ran in the children.
 *
 * Run: `npx projen bench` (bundles the shipped handlers, compiles, then runs this);
 * rounds from env BENCH_ROUNDS or `node bench/.build/bench/run.js <rounds>` (default 7).
 */
import * as os from 'os';
import { version as cdkVersion } from 'aws-cdk-lib/package.json';
import { linkAssets } from './assets';
import { checkEquivalence } from './check-equivalence';
import { Measurement, Pair, PAIRS, runVariant, Variant, VARIANTS } from './child';
import { median, rounds } from './stats';

const GOAL = 1.10;


/**
 * Wall times mean little when other jobs compete for the cores: say so, rather than let
 * a noisy run pass for a regression. Only the load before the run tells: each synth
 * keeps more than one core busy itself (its CPU time exceeds its wall time: V8 works on
 * background threads), so the load after it includes this benchmark.
 */
function loadNote(before: number, after: number): string {
  const cpus = os.cpus().length;
  const load = `Load average (1 min): ${before.toFixed(1)} before, ${after.toFixed(1)} after (this benchmark included), ${cpus} CPUs`;
  return before > cpus / 2
    ? `${load}. Other jobs were running: wall times are noisy, trust the per-round and CPU ratios more.`
    : `${load}.`;
}

/** One pair's ratios: library ÷ raw (the goal), and each over the empty app. */
function pairLines(pair: Pair, runs: Record<Variant, Measurement[]>, med: Record<Variant, number>, cpu: Record<Variant, number>): string[] {
  const { library, raw } = pair;
  const prefix = pair.name ? `${pair.name}: ` : '';
  // Pairs runs made seconds apart, so it is less exposed to load that comes and goes.
  const paired = median(runs[library].map((m, i) => m.wall / runs[raw][i].wall));
  const ratio = med[library] / med[raw];
  return [
    `${prefix}library ÷ raw   ${ratio.toFixed(3)}  goal ≤ ${GOAL.toFixed(2)}: ${ratio <= GOAL ? 'met' : 'NOT met'} `
      + `(library − raw ${(med[library] - med[raw]).toFixed(3)} s; median of per-round ratios ${paired.toFixed(3)}; `
      + `CPU ${(cpu[library] / cpu[raw]).toFixed(3)})`,
    `${prefix}library ÷ empty ${(med[library] / med.empty).toFixed(3)}`,
    `${prefix}raw ÷ empty     ${(med[raw] / med.empty).toFixed(3)}`,
  ];
}

function main(): void {
  const n = rounds(7);
  const variants = Object.keys(VARIANTS) as Variant[];
  const loadBefore = os.loadavg()[0];
  process.stdout.write(`Synth benchmark: node ${process.version}, ${os.cpus().length} CPUs, aws-cdk-lib ${cdkVersion}, `
    + `built-in CloudFormation validation on (findings as errors), ${n} rounds + 1 warm-up\n\n`);
  linkAssets();
  checkEquivalence();

  const runs = Object.fromEntries(variants.map(v => [v, [] as Measurement[]])) as Record<Variant, Measurement[]>;
  for (let round = 0; round <= n; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    const line = order.map(variant => {
      const m = runVariant(variant);
      if (round > 0) {
        runs[variant].push(m);
      }
      return `${variant} ${m.wall.toFixed(2)} s`;
    });
    process.stdout.write(`${round === 0 ? 'warm-up (discarded)' : `round ${round}/${n}`}: ${line.join(', ')}\n`);
  }

  const wall = (v: Variant) => runs[v].map(m => m.wall);
  const med = Object.fromEntries(variants.map(v => [v, median(wall(v))])) as Record<Variant, number>;
  const cpu = Object.fromEntries(variants.map(v => [v, median(runs[v].map(m => m.cpu))])) as Record<Variant, number>;
  const s = (x: number, width: number) => x.toFixed(3).padStart(width);
  const width = Math.max(8, ...variants.map(v => v.length));
  process.stdout.write([
    '',
    `${'wall time, seconds'.padEnd(width + 36)}CPU seconds`,
    `${'variant'.padEnd(width - 1)}   runs   median      min      max   median`,
    ...variants.map(v => `${v.padEnd(width)} ${String(n).padStart(5)} ${s(med[v], 8)} ${s(Math.min(...wall(v)), 8)} `
      + `${s(Math.max(...wall(v)), 8)} ${s(cpu[v], 8)}`),
    ...PAIRS.flatMap(pair => ['', ...pairLines(pair, runs, med, cpu)]),
    '',
    loadNote(loadBefore, os.loadavg()[0]),
    '',
  ].join('\n'));
}

main();
