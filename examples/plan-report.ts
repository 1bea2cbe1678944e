import * as cxapi from 'aws-cdk-lib/cx-api';
import { StreamingIngest } from '../src';

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

function indent(text: string): string {
  return text.split('\n').map(line => `  ${line}`).join('\n');
}
