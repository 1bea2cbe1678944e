/**
 * Guards the fairness of the benchmark: in each pair (child.ts `PAIRS`: the reference
 * pipeline, the Kafka reference pipeline, the Managed Flink application, the issue-12
 * sinks), the hand-written variant must synthesize the same template as the library's
 * app, or "library ÷ raw" compares different work.
 *
 * Synthesizes each variant once (through the same programs the rounds time), then, pair
 * by pair:
 * - checks each cloud assembly has `validation-report.json`, which aws-cdk-lib writes
 *   only when a validation plugin ran: the apps add none, so the built-in CloudFormation
 *   validation was on;
 * - prints resource type counts of library and raw side by side (the reference pipeline's
 *   table first, with its heading as before the pairs);
 * - compares the whole templates with logical ids reduced to their readable part (the
 *   8-character hash depends on construct nesting, which hand-written code need not copy).
 *   An API Gateway deployment's id also ends in an MD5 of the API's resolved definition
 *   (aws-cdk-lib changes it whenever the API changes, to redeploy): the definition refers to
 *   other resources by logical id (the stream in a mapping template), hashes included, so
 *   that digest is dropped too; the definition itself is compared in the methods, models,
 *   validator and gateway responses.
 *
 * Any difference throws. Run alone (after `npx projen bundle` and compiling the bench):
 * `node bench/.build/bench/check-equivalence.js`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { linkAssets } from './assets';
import { Pair, PAIRS, runVariant, Variant, VARIANTS } from './child';

type Template = { Resources?: Record<string, { Type: string }> } & Record<string, unknown>;

/** Synthesizes every variant once and throws if the library and raw templates of a pair differ. */
export function checkEquivalence(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-check-'));
  try {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const outdir = path.join(root, variant);
      runVariant(variant, outdir);
      if (!fs.existsSync(path.join(outdir, 'validation-report.json'))) {
        throw new Error(`${variant}: no validation-report.json, so the built-in CloudFormation validation did not run`);
      }
    }
    const template = (variant: Variant, stackId: string): Template =>
      JSON.parse(fs.readFileSync(path.join(root, variant, `${stackId}.template.json`), 'utf-8'));
    for (const pair of PAIRS) {
      compare(pair, template(pair.library, pair.stackId), template(pair.raw, pair.stackId));
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function compare(pair: Pair, library: Template, raw: Template): void {
  const libraryTypes = typeCounts(library);
  const rawTypes = typeCounts(raw);
  const types = [...new Set([...libraryTypes.keys(), ...rawTypes.keys()])].sort();
  const width = Math.max(...types.map(t => t.length), 'Resource type'.length);
  const lines = [`${'Resource type'.padEnd(width)}  library  raw`];
  for (const type of types) {
    const [l, r] = [libraryTypes.get(type) ?? 0, rawTypes.get(type) ?? 0];
    lines.push(`${type.padEnd(width)}  ${String(l).padStart(7)}  ${String(r).padStart(3)}${l === r ? '' : '  <-- differs'}`);
  }
  const which = pair.name ? `, ${pair.name} pair (${pair.library} vs ${pair.raw})` : '';
  process.stdout.write(`Equivalence check${which} (validation report present for every variant):\n${lines.join('\n')}\n`);

  const differences = diff(canonical(library), canonical(raw), '');
  if (!isDeepStrictEqual(libraryTypes, rawTypes) || differences.length > 0) {
    throw new Error(`EQUIVALENCE CHECK FAILED: the raw app ${pair.raw} no longer synthesizes the library example's (${pair.library}) `
      + `template; update bench/apps/raw-*.ts. First differences:\n  ${differences.slice(0, 20).join('\n  ')}`);
  }
  process.stdout.write('Templates identical apart from logical-id hashes.\n\n');
}

function typeCounts(template: Template): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of Object.values(template.Resources ?? {})) {
    counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** An API Gateway deployment's id: readable part, 8-character path hash, 32-character digest of the API. */
const DEPLOYMENT_DIGEST = /[0-9a-f]{32}$/;

/** The template with each logical id, wherever it appears as a string, minus its hash (and a deployment's digest). */
function canonical(template: Template): unknown {
  const readable = (id: string, type: string) =>
    (type === 'AWS::ApiGateway::Deployment' ? id.replace(DEPLOYMENT_DIGEST, '') : id).replace(/[0-9A-F]{8}$/, '');
  const ids = new Map(Object.entries(template.Resources ?? {}).map(([id, r]) => [id, readable(id, r.Type)]));
  if (new Set(ids.values()).size !== ids.size) {
    throw new Error('logical ids are not unique without their hashes: compare by another key');
  }
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return ids.get(value) ?? value;
    }
    if (Array.isArray(value)) {
      return value.map(rename);
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [ids.get(k) ?? k, rename(v)]));
    }
    return value;
  };
  return rename(template);
}

/** Paths where two JSON values differ, with both sides. */
function diff(a: unknown, b: unknown, at: string): string[] {
  if (isDeepStrictEqual(a, b)) {
    return [];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap(k => diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`));
  }
  return [`${at}: library ${JSON.stringify(a)} vs raw ${JSON.stringify(b)}`];
}

if (require.main === module) {
  linkAssets();
  checkEquivalence();
}
