import { accessGraph, GRAPH_SCOPE, type GraphFocus } from '../domain/graph.js';
import { defineCommand } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';
import { toDot, toMermaid } from '../ui/graph-text.js';

export default defineCommand({
  help: 'Draw users, groups and permissions and their links (Mermaid or Graphviz dot)',
  description: 'The whole picture, or around one --user, --group or --app. Paste Mermaid into a document, or run `dot -Tsvg`.',
  options: {
    format: { type: 'string', metavar: '{mermaid,dot}', choices: ['mermaid', 'dot'], default: 'mermaid', help: 'the output format (default: mermaid)' },
    user: { type: 'string', metavar: 'USERNAME', help: 'the user, their groups and permissions' },
    group: { type: 'string', metavar: 'GROUP', help: 'the group, its members and permissions' },
    app: { type: 'string', metavar: 'APP_LABEL', help: "the app's permissions and who has them" },
  },
  async handle({ options, services, stdout }) {
    const format = options.format;
    const given = (['user', 'group', 'app'] as const).filter((key) => options[key] !== undefined);
    if (given.length > 1) throw new UsageError(`give at most one of --user, --group and --app`);
    const { user, group, app } = options;
    const focus: GraphFocus = user !== undefined ? { user } : group !== undefined ? { group } : app !== undefined ? { app } : undefined;
    const db = await services.database();
    const graph = accessGraph(await db.access.readState(GRAPH_SCOPE), focus);
    stdout.write(format === 'dot' ? toDot(graph) : toMermaid(graph));
  },
});
