import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { testApp } from './app-fixture';

/**
 * Runs the checks no one here wrote, as the reference app does, in the calling test file:
 * the built-in CloudFormation validation must not be turned off by the environment.
 */
export function withValidationOn(): void {
  const setting = process.env.CDK_VALIDATION;
  beforeAll(() => { delete process.env.CDK_VALIDATION; });
  afterAll(() => { process.env.CDK_VALIDATION = setting; });
}

/** `plugin: rule` of every finding in the app's validation report. */
export function reportedFindings(app: App): string[] {
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf-8'));
  return report.pluginReports.flatMap((r: { pluginName: string; violations: Array<{ ruleName: string }> }) =>
    r.violations.map(v => `${r.pluginName}: ${v.ruleName}`));
}

/**
 * The findings when `build` fills a stack checked by cdk-nag AwsSolutions and the built-in
 * CloudFormation validation (synth throws on findings; they are read from the report).
 */
export function nagFindings(build: (stack: Stack) => void): string[] {
  const app = testApp({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  build(new Stack(app, 'Nagged', { env: { account: '111111111111', region: 'us-east-1' } }));
  try {
    app.synth();
  } catch {
    // the findings are in the report
  }
  return reportedFindings(app);
}
