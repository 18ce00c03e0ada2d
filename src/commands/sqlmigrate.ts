import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: "Print the SQL one of accessctl's migrations runs (runs nothing)",
  description:
    "Prints the SQL of an accessctl migration, as Django's sqlmigrate does: NAME is its name or a prefix of it\n" +
    "(0001). Nothing is run, and no database is opened. 'accessctl showmigrations' lists the names.",
  arguments: [{ name: 'name', help: 'the migration (its name, or a prefix of one)' }],
  options: {
    backwards: { type: 'boolean', help: 'the SQL that unapplies the migration' },
  },
  async handle({ args, options, stdout }) {
    const { findMigration, migrationSql } = await import('../db/schema/migration-sql.js');
    const migration = findMigration(args.name!);
    if (typeof migration === 'string') throw new CommandError(migration);
    stdout.write(await migrationSql(migration, Boolean(options.backwards)));
  },
});
