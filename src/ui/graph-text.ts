import type { AccessGraph } from '../domain/graph.js';
import { printable } from '../domain/text.js';

/**
 * Labels are escaped twice: for the terminal (printable: no control, C1 or bidi characters, no
 * newline) and for the format, so that a name cannot end its label and add nodes, edges or markup.
 */
const MERMAID_ENTITIES: Record<string, string> = { '"': '#quot;', '#': '#35;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;' };
const mermaidLabel = (text: string) => `"${printable(text).replace(/["#<>&`]/g, (c) => MERMAID_ENTITIES[c] ?? c)}"`;
const dotString = (text: string, max?: number) => `"${printable(text, max).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Mermaid flowchart: users (stadium), groups (box) and permissions (hexagon), left to right. */
export function toMermaid(graph: AccessGraph): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `${node.kind[0]}${i}`]));
  const shape = { user: ['([', '])'], group: ['[', ']'], permission: ['{{', '}}'] } as const;
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) lines.push(`  ${ids.get(node.id)}${shape[node.kind][0]}${mermaidLabel(node.label)}${shape[node.kind][1]}`);
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)} ${edge.kind === 'direct' ? '-. direct .->' : '-->'} ${ids.get(edge.to)}`);
  lines.push('  classDef user fill:#e8f0fe', '  classDef group fill:#fef7e0', '  classDef permission fill:#e6f4ea');
  for (const kind of ['user', 'group', 'permission'] as const) {
    const members = graph.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length) lines.push(`  class ${members.join(',')} ${kind}`);
  }
  return lines.join('\n');
}

/** Graphviz dot, for `dot -Tsvg`. */
export function toDot(graph: AccessGraph): string {
  const quote = dotString;
  // Identifiers are never cut: two long names must stay two nodes.
  const id = (text: string) => dotString(text, Infinity);
  const shape = { user: 'ellipse', group: 'box', permission: 'hexagon' } as const;
  const lines = ['digraph access {', '  rankdir=LR;'];
  for (const node of graph.nodes) lines.push(`  ${id(node.id)} [label=${quote(node.label)}, shape=${shape[node.kind]}];`);
  for (const edge of graph.edges) lines.push(`  ${id(edge.from)} -> ${id(edge.to)}${edge.kind === 'direct' ? ' [style=dashed, label="direct"]' : ''};`);
  lines.push('}');
  return lines.join('\n');
}
