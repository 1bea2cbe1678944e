import { FLAG_OF_FIELD, parsePlanFlags, USAGE, UsageError } from './plan-flags';
import { count, usd } from '../common/format';
import { InputError } from '../common/input-error';
import { ChooseIngest } from '../pipeline/choose-ingest';
import { itemLine } from '../pipeline/cost/item-line';
import { DiagramEdge, DiagramNode, mermaidFlowchart } from '../pipeline/diagram/mermaid';
import { IngestChoice } from '../pipeline/ingest-choice';
import { clusterPlanFor, streamPlanFor } from '../pipeline/ingest-costs';
import { IngestDecision } from '../pipeline/ingest-decision';
import { PipelineLayer } from '../pipeline/pipeline-layer';
import { PipelineRequirements } from '../pipeline/pipeline-requirements';
import { resolveRequirements } from '../pipeline/resolved-requirements';

/** What a command printed and how it ended: 0 done, 2 refused input (with the usage line). */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const NAME = 'cdk-streaming-pipelines';
const HELP_FLAGS = ['--help', '-h'];
const HELP = `${USAGE}

Decides the ingest of a pipeline (the reference architecture's decision table), sizes it,
prices it and draws it, without a CDK app:
  --ingest         peak write throughput (MiB/s, KiB/s, GiB/s, MB/s or KB/s)
  --records        peak records written a second
  --record-bytes   average record size, when --records is not given
  --consumers      applications that each read every record (default 1)
  --retention      how far back consumers must re-read (hours or days; default none)
  --latency        the longest delay acceptable from write to read (default any)
  --kafka          the Kafka protocol or Kafka tooling is needed
  --delivery-only  the records only go to storage (S3, Redshift, OpenSearch)
  --tasks          the records are tasks one consumer handles one at a time
`;

/**
 * `cdk-streaming-pipelines plan …`: prints the decision, the plan of the chosen ingest,
 * its monthly cost and a Mermaid diagram. Pure: the caller writes the output and exits.
 */
export function runCommand(args: string[]): CommandResult {
  if (args.length === 0) {
    return { exitCode: 2, stdout: '', stderr: `${USAGE}\n` };
  }
  const [command, ...flags] = args;
  if (HELP_FLAGS.includes(command) || (command === 'plan' && flags.length === 1 && HELP_FLAGS.includes(flags[0]))) {
    return { exitCode: 0, stdout: HELP, stderr: '' };
  }
  try {
    if (command !== 'plan') {
      throw new UsageError(`unknown command '${command}': the one command is 'plan'`);
    }
    const requirements = parsePlanFlags(flags);
    return { exitCode: 0, stdout: planText(requirements), stderr: '' };
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      return { exitCode: 2, stdout: '', stderr: `${NAME}: ${inFlags(e.message)}\n${USAGE}\n` };
    }
    throw e;
  }
}

/** A planner's message in the command's words: `` `independentConsumers` `` is `--consumers` here. */
function inFlags(message: string): string {
  return Object.entries(FLAG_OF_FIELD).reduce((text, [field, flag]) => text.split(`\`${field}\``).join(flag), message);
}

function planText(requirements: PipelineRequirements): string {
  const decision = ChooseIngest.decide(requirements);
  const r = resolveRequirements(requirements);
  const sections = [decision.summary];
  let capacity: string;
  switch (decision.choice) {
    case IngestChoice.KINESIS: {
      const plan = streamPlanFor(requirements, r);
      sections.push(`Plan: Kinesis Data Streams\n${plan.summary}`);
      capacity = `Kinesis stream, ${count(plan.shardCount, 'shard')}`;
      break;
    }
    case IngestChoice.MSK: {
      const plan = clusterPlanFor(requirements, r);
      sections.push(`Plan: Amazon MSK\n${plan.summary}`);
      capacity = `MSK, ${plan.brokerCount} × ${plan.instanceType.instanceTypeName}`;
      break;
    }
    case IngestChoice.FIREHOSE:
      sections.push('Plan: Firehose direct PUT\n  no shards or brokers to size: Firehose scales with the load it is sent');
      capacity = 'Firehose direct PUT';
      break;
    default:
      sections.push('Plan: not a stream\n  use an Amazon SQS queue (aws-cdk-lib/aws-sqs) with a Lambda event source');
      capacity = 'SQS queue';
  }
  sections.push(costText(decision));
  sections.push(['Diagram:', '```mermaid', diagram(decision, capacity, r.independentConsumers).trimEnd(), '```'].join('\n'));
  return sections.join('\n\n') + '\n';
}

function costText(decision: IngestDecision): string {
  const cost = decision.costs.find(c => c.choice === decision.choice);
  if (cost === undefined) {
    return 'Monthly cost: not priced (an SQS queue bills per request)';
  }
  return [
    `Monthly cost at peak: ${usd(cost.monthlyUsd)}`,
    ...cost.estimate.items.map(item => `  ${itemLine(item)}`),
    ...cost.estimate.notes.map(note => `  note: ${note}`),
  ].join('\n');
}

/** Producers into the chosen ingest, read by each consumer (or delivered to storage). */
function diagram(decision: IngestDecision, capacity: string, consumers: number): string {
  const nodes: DiagramNode[] = [
    { id: 'producers', layer: PipelineLayer.PRODUCERS, lines: ['producers'] },
    { id: 'ingest', layer: PipelineLayer.INGEST, lines: [capacity], keepsRecords: true },
  ];
  const edges: DiagramEdge[] = [{ from: 'producers', to: 'ingest' }];
  if (decision.choice === IngestChoice.FIREHOSE) {
    nodes.push({ id: 'storage', layer: PipelineLayer.STORAGE, lines: ['S3, Redshift or OpenSearch'] });
    edges.push({ from: 'ingest', to: 'storage' });
  } else {
    const readers = decision.choice === IngestChoice.NOT_A_STREAM ? 1 : consumers;
    for (let i = 1; i <= readers; i++) {
      nodes.push({ id: `consumer${i}`, layer: PipelineLayer.PROCESSING, lines: [`consumer ${i}`] });
      edges.push({ from: 'ingest', to: `consumer${i}` });
    }
  }
  return mermaidFlowchart(nodes, edges);
}
