import { StreamingPipeline } from '../src';

/**
 * Each pipeline as the platform team reads it: the ingest decision, what the whole
 * pipeline costs a month at peak, and its diagram as Mermaid (paste it into any Markdown
 * viewer that draws ```mermaid blocks).
 */
export function describePipelines(pipelines: StreamingPipeline[]): string {
  return pipelines.map(pipeline => {
    const lines = [`Pipeline ${pipeline.node.path} (${pipeline.alarms.length} alarms${pipeline.alarmAction ? ', all to one action' : ''})`];
    lines.push(pipeline.decision ? indent(pipeline.decision.summary) : '  ingest given, not decided');
    lines.push(indent(pipeline.costReport().text.trimEnd()));
    lines.push('  Diagram:', '  ```mermaid', indent(pipeline.diagram().trimEnd()), '  ```');
    return lines.join('\n') + '\n';
  }).join('\n');
}

function indent(text: string): string {
  return text.split('\n').map(line => `  ${line}`).join('\n');
}
