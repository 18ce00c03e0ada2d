import { defineCommand } from '../framework/command.js';

export default defineCommand({
  help: "Create Django's auth schema on an empty database, and accessctl's change log (a Django database's own tables are left as they are)",
  async handle({ services, stdout, verbosity }) {
    const db = await services.database();
    const { migrate } = await import('../db/schema/migrate.js');
    const outcome = await migrate(db);
    if (verbosity < 1) return;
    for (const name of outcome.applied) stdout.write(`  Applied ${name}`);
    if (outcome.status === 'django') {
      const added = outcome.applied.length ? "added accessctl's change log (accessctl_change_log); " : '';
      stdout.write(`The auth schema is present in ${db.label} (created by Django): ${added}Django's tables are left as they are.`, 'SUCCESS');
    } else if (outcome.status === 'up-to-date') stdout.write(`Up to date: ${db.label}; nothing to do.`, 'SUCCESS');
    else stdout.write(`Migrated ${db.label}.`, 'SUCCESS');
  },
});
