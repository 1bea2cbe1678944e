import { LAYERS, layerTitle, PipelineLayer } from '../pipeline-layer';

/** A box of a pipeline diagram. */
export interface DiagramNode {
  readonly id: string;
  readonly layer: PipelineLayer;
  /** Lines of its label: its name first, then what it runs on. */
  readonly lines: string[];
  /** A source keeps records: drawn as a cylinder. */
  readonly keepsRecords?: boolean;
}

/** Records flowing from one box to another. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
}

/**
 * A Mermaid flowchart, left to right, one subgraph per layer in the order records flow.
 * GitHub, GitLab and most Markdown viewers draw it from a ```mermaid block.
 */
export function mermaidFlowchart(nodes: DiagramNode[], edges: DiagramEdge[]): string {
  const lines = ['flowchart LR'];
  for (const layer of LAYERS) {
    const inLayer = nodes.filter(n => n.layer === layer);
    if (inLayer.length === 0) {
      continue;
    }
    // Subgraphs and nodes share one namespace: `Layer` keeps a node called `ingest` apart.
    lines.push(`  subgraph ${layer.toLowerCase()}Layer["${layerTitle(layer)}"]`);
    for (const node of inLayer) {
      const label = `"${node.lines.map(escape).join('<br/>')}"`;
      lines.push(`    ${node.id}${node.keepsRecords ? `[(${label})]` : `[${label}]`}`);
    }
    lines.push('  end');
  }
  for (const edge of edges) {
    lines.push(`  ${edge.from} --> ${edge.to}`);
  }
  return lines.join('\n') + '\n';
}

/** Mermaid reads a label between double quotes: quotes and markup become entities. */
function escape(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
