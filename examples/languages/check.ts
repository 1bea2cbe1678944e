// Every language a real user: synthesizes the orders app in TypeScript, Python, Java and Go
// (each installed from its own registry by `<language>/synth.sh`, after `<language>/build.sh`
// built the release artifact) and proves that
// - each template equals the TypeScript one, section for section and resource for resource;
// - what each user installs has no alpha module, and takes the newest aws-cdk-lib its
//   registry serves (Python also resolves at the library's floor).
// Run from the repository root: `ts-node --project examples/tsconfig.json examples/languages/check.ts [language…]`
// (all three unless some are named).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { compareTemplates } from './compare-templates';
import { checkDependencies, LANGUAGES } from './dependencies';

const out = path.resolve('.ci/work/languages/out');
fs.rmSync(out, { recursive: true, force: true });

// What the CDK CLI passes an app from a `cdk init` project's cdk.json: the feature flags, and
// validation findings as errors.
const env = {
  ...process.env,
  CDK_CONTEXT_JSON: JSON.stringify({ ...CURRENTLY_RECOMMENDED_FLAGS, '@aws-cdk/core:validateAgainstDefaultRules': true }),
};

function synth(language: string, command: string, args: string[]): unknown {
  const outdir = path.join(out, language);
  const started = Date.now();
  execFileSync(command, args, { env: { ...env, CDK_OUTDIR: outdir }, stdio: 'inherit' });
  console.log(`${language}: synthesized in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return JSON.parse(fs.readFileSync(path.join(outdir, 'OrdersPipeline.template.json'), 'utf8'));
}

const expected = synth('typescript', 'npx', ['ts-node', '--project', 'examples/tsconfig.json', 'examples/languages/typescript/app.ts']);
let failures = 0;
const languages = process.argv.length > 2 ? process.argv.slice(2) : LANGUAGES;
for (const language of languages) {
  const template = synth(language, 'bash', [`examples/languages/${language}/synth.sh`, path.join(out, language)]);
  const problems = [
    ...compareTemplates(expected, template).map(p => `template: ${p}`),
    ...checkDependencies(language, path.join(out, language)),
  ];
  failures += problems.length;
  console.log(problems.length === 0
    ? `${language}: template equals TypeScript's; dependencies as expected`
    : `${language}:\n  ${problems.join('\n  ')}`);
}
process.exit(failures === 0 ? 0 : 1);
