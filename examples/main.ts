/**
 * The main job: synthesize the reference pipelines into cdk.out/ (with CloudFormation
 * validation and cdk-nag on) and print each stream's capacity and cost plan, each Kafka
 * cluster's broker plan, each Managed Flink application's KPU plan, then each pipeline's
 * ingest decision, monthly cost and diagram.
 */
import * as path from 'path';
import { KafkaBridge, StreamAnalytics, StreamingIngest, StreamingPipeline } from '../src';
import { describePipelines } from './pipeline-report';
import { describeApplications, describeBridges, describeSources } from './plan-report';
import { referenceApp } from './reference-app';

const outdir = path.join(__dirname, '..', 'cdk.out');
const app = referenceApp({ outdir });
const assembly = app.synth();
const sources = app.node.findAll().filter((c): c is StreamingIngest => c instanceof StreamingIngest);
process.stdout.write(describeSources(sources, assembly));
const bridges = app.node.findAll().filter((c): c is KafkaBridge => c instanceof KafkaBridge);
process.stdout.write('\n' + describeBridges(bridges, assembly));
const applications = app.node.findAll().filter((c): c is StreamAnalytics => c instanceof StreamAnalytics);
process.stdout.write('\n' + describeApplications(applications, assembly));
const pipelines = app.node.findAll().filter((c): c is StreamingPipeline => c instanceof StreamingPipeline);
process.stdout.write('\n' + describePipelines(pipelines));
process.stdout.write(`\nSynthesized ${assembly.stacks.length} stack(s) to ${path.relative(process.cwd(), outdir)}/ `
  + 'with CloudFormation validation and cdk-nag AwsSolutions: no findings.\n');
