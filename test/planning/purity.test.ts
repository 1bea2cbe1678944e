import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Planning is plain logic (DESIGN: "Pure, no constructs, like ShardSizing"): it runs in scripts and
// tests without a CDK app. So no file under src/planning/, nor any file it reaches through relative
// imports, may load a CDK service module, an alpha module or `constructs`. The root `aws-cdk-lib`
// (Duration, Token) is fine; `import type` is erased at compile time, so it is fine too.

const SRC = path.resolve(__dirname, '../../src');
const PLANNING = path.join(SRC, 'planning');
// The ingest decision is planning too (pure, priced, explained), though it lives beside the pipeline construct;
// so is the planning command, which runs without a CDK app (and loads no service module: it starts fast).
const PURE_PIPELINE = [path.join(SRC, 'pipeline', 'choose-ingest.ts'), path.join(SRC, 'cli', 'main.ts')];

/** Module specifiers a planning file must not load at run time. */
function isForbidden(specifier: string): boolean {
  return specifier === 'constructs'
    || specifier.startsWith('aws-cdk-lib/')
    || specifier.startsWith('@aws-cdk/');
}

interface Import {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** Every static import, re-export, `require()` and `import()` of a TypeScript file. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf-8');
  const found: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: m[3], typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: m[1], typeOnly: false });
  }
  for (const m of text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ specifier: m[1], typeOnly: false });
  }
  return found;
}

function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? tsFilesUnder(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidate = [`${base}.ts`, path.join(base, 'index.ts')].find(f => fs.existsSync(f));
  if (!candidate) {
    throw new Error(`${path.relative(SRC, from)}: cannot resolve '${specifier}'`);
  }
  return candidate;
}

/** Each file planning code loads at run time, and the forbidden modules each one imports. */
function scanPlanning(): { files: string[]; violations: string[] } {
  const seen = new Set<string>();
  const violations: string[] = [];
  const queue = [...tsFilesUnder(PLANNING), ...PURE_PIPELINE];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) {
      continue;
    }
    seen.add(file);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (specifier.startsWith('.')) {
        if (!typeOnly) {
          queue.push(resolveRelative(file, specifier));
        }
      } else if (isForbidden(specifier) && !typeOnly) {
        violations.push(`${path.relative(SRC, file)} imports '${specifier}'`);
      }
    }
  }
  return { files: [...seen].map(f => path.relative(SRC, f)).sort(), violations };
}

describe('src/planning/, ChooseIngest and the planning command are pure', () => {
  test('no planning file, nor anything it imports, loads a CDK service module or constructs', () => {
    const { files, violations } = scanPlanning();
    expect(files).toEqual(expect.arrayContaining(['planning/index.ts', 'planning/kinesis/shard-sizing.ts', 'planning/msk/broker-sizing.ts', 'planning/flink/flink-sizing.ts', 'common/checks.ts',
      'pipeline/choose-ingest.ts', 'pipeline/resolved-requirements.ts', 'planning/firehose/firehose-pricing.ts',
      'cli/plan-command.ts', 'pipeline/diagram/mermaid.ts', 'pipeline/cost/item-line.ts']));
    expect(violations).toEqual([]);
  });

  // The scan itself must see what it is meant to catch.
  test.each([
    ["import * as kinesis from 'aws-cdk-lib/aws-kinesis';", ['aws-cdk-lib/aws-kinesis']],
    ["import { Construct } from 'constructs';", ['constructs']],
    ["import {\n  Cluster,\n} from '@aws-cdk/aws-msk-alpha';", ['@aws-cdk/aws-msk-alpha']],
    ["export { StreamMode } from 'aws-cdk-lib/aws-kinesis';", ['aws-cdk-lib/aws-kinesis']],
    ["const k = require('aws-cdk-lib/aws-kinesis');", ['aws-cdk-lib/aws-kinesis']],
    ["import type { IConstruct } from 'constructs';", []],
    ["import { Duration, Token } from 'aws-cdk-lib';", []],
  ])('the scan flags %j', (source, flagged) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'purity-'));
    try {
      const file = path.join(dir, 'sample.ts');
      fs.writeFileSync(file, `${source}\n`);
      expect(importsOf(file).filter(i => isForbidden(i.specifier) && !i.typeOnly).map(i => i.specifier)).toEqual(flagged);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
