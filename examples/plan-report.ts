import * as cxapi from 'aws-cdk-lib/cx-api';
import { ShardPlan, StreamingIngest, StreamReader, StreamReadMode } from '../src';

/**
 * The plan of every stream with the warnings synthesis recorded under it, then any
 * other warning of the app (e.g. on a consumer reading a stream).
 */
export function describeSources(sources: StreamingIngest[], assembly: cxapi.CloudAssembly): string {
  const warnings = assembly.stacks.flatMap(stack => stack.messages).filter(m => m.level === 'warning');
  const under = (path: string) => (w: cxapi.SynthesisMessage) => w.id === `/${path}` || w.id.startsWith(`/${path}/`);
  const sections = sources.map(source => {
    const lines = [`${source.sourceName} (${source.streamMode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}, `
      + `${source.retention.toHours()} h retention, ${source.alarms.length} alarms)`];
    const plan = source.plan;
    lines.push(plan ? indent(plan.summary) : '  no workload declared: no plan');
    lines.push(...describeReaders(source.readers, plan));
    lines.push(...(plan?.cost.notes ?? []).map(note => `  cost note: ${note}`));
    lines.push(...warnings.filter(under(source.sourceName)).map(w => `  warning: ${String(w.entry.data)}`));
    return lines.join('\n') + '\n';
  });
  const others = warnings.filter(w => !sources.some(source => under(source.sourceName)(w)));
  if (others.length > 0) {
    sections.push(['Other warnings', ...others.map(w => `  ${w.id.slice(1)}: ${String(w.entry.data)}`)].join('\n') + '\n');
  }
  return sections.join('\n');
}

/** Each bound reader and what it takes from the stream's read capacity. */
function describeReaders(readers: StreamReader[], plan: ShardPlan | undefined): string[] {
  if (readers.length === 0) {
    return ['  readers: none bound in this app'];
  }
  const efoReaders = plan?.workload.enhancedFanOutConsumers ?? 0;
  const efoShare = plan && efoReaders > 0 ? plan.cost.enhancedFanOutMonthlyUsd / efoReaders : undefined;
  const perShardMiB = (plan?.workload.ingestMBps ?? 0) / (plan?.shardCount ?? 1);
  const width = Math.max(...readers.map(r => r.readerName.length));
  return ['  readers', ...readers.map(reader => {
    const effect = reader.readMode === StreamReadMode.ENHANCED_FAN_OUT
      ? `enhanced fan-out: its own 2 MiB/s per shard${efoShare === undefined ? '' : `, about $${efoShare.toFixed(2)}/month`}`
      : `polling: ${plan ? `${perShardMiB.toFixed(2)} of the 2 MiB/s per shard all polling readers share` : 'shares 2 MiB/s per shard with other polling readers'}`;
    return `    ${reader.readerName.padEnd(width)}  ${effect}  (${reader.path})`;
  })];
}

function indent(text: string): string {
  return text.split('\n').map(line => `  ${line}`).join('\n');
}
