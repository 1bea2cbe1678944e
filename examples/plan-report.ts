import * as cxapi from 'aws-cdk-lib/cx-api';
import { StreamingIngest } from '../src';

/** The plan of every stream, with the warnings synthesis recorded for it. */
export function describeSources(sources: StreamingIngest[], assembly: cxapi.CloudAssembly): string {
  const warnings = assembly.stacks.flatMap(stack => stack.messages)
    .filter(m => m.level === 'warning');
  return sources.map(source => {
    const lines = [`${source.sourceName} (${source.streamMode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}, `
      + `${source.retention.toHours()} h retention, ${source.alarms.length} alarms)`];
    const plan = source.plan;
    lines.push(plan ? indent(plan.summary) : '  no workload declared: no plan');
    lines.push(...(plan?.cost.notes ?? []).map(note => `  cost note: ${note}`));
    const own = warnings.filter(w => w.id === `/${source.sourceName}` || w.id.startsWith(`/${source.sourceName}/`));
    lines.push(...own.map(w => `  warning: ${String(w.entry.data)}`));
    return lines.join('\n') + '\n';
  }).join('\n');
}

function indent(text: string): string {
  return text.split('\n').map(line => `  ${line}`).join('\n');
}
