#!/usr/bin/env node
/**
 * The `cdk-streaming-pipelines` command: `npx cdk-streaming-pipelines plan --ingest 4MiB/s …`
 * sizes and prices a pipeline before any CDK code is written.
 */
import { runCommand } from './plan-command';

const result = runCommand(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
