import { defineCommand } from '../framework/command.js';

export default defineCommand({
  help: "Create Django's auth schema on an empty database (a Django database is left as it is)",
  async handle({ services, stdout, verbosity }) {
    const db = await services.database();
    const { migrate } = await import('../db/schema/migrate.js');
    const outcome = await migrate(db);
    if (verbosity < 1) return;
    if (outcome.status === 'django') stdout.write(`The auth schema is present in ${db.label} (created by Django); nothing to do.`, 'SUCCESS');
    else if (outcome.status === 'up-to-date') stdout.write(`Up to date: ${db.label}; nothing to do.`, 'SUCCESS');
    else {
      for (const name of outcome.applied) stdout.write(`  Applied ${name}`);
      stdout.write(`Migrated ${db.label}.`, 'SUCCESS');
    }
  },
});
