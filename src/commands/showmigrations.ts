import { defineCommand } from '../framework/command.js';
import { printable } from '../domain/text.js';

/** Django's format: `%Y-%m-%d %H:%M:%S` in UTC. */
const when = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

export default defineCommand({
  help: "List accessctl's migrations as [X] applied or [ ] not, and Django's auth and contenttypes ones",
  description:
    "accessctl's own migrations, and on a database Django made the rows Django recorded in django_migrations for\n" +
    "its auth and contenttypes apps (read only). --check exits 1 when one of accessctl's migrations is unapplied\n" +
    "(as Django's migrate --check). With --verbosity 2, when each was applied.",
  options: {
    check: { type: 'boolean', help: 'exit 1 when a migration is not applied' },
  },
  async handle({ services, options, stdout, stderr, verbosity }) {
    const db = await services.database();
    const { migrationStatus, unapplied } = await import('../db/schema/migration-status.js');
    const apps = await migrationStatus(db.sql);
    const lines: string[] = [];
    for (const { app, migrations, note } of apps) {
      lines.push(app);
      if (note) lines.push(` ${note}`);
      for (const m of migrations) {
        const at = verbosity >= 2 && m.appliedAt ? ` (applied at ${when(m.appliedAt)})` : '';
        lines.push(` [${m.applied ? 'X' : ' '}] ${printable(m.name)}${at}`);
      }
    }
    stdout.write(lines.join('\n'));
    const pending = unapplied(apps);
    if (!options.check || pending.length === 0) return 0;
    if (verbosity >= 1) stderr.write(`Unapplied: ${pending.join(', ')} (run 'accessctl migrate').`, 'WARNING');
    return 1;
  },
});
