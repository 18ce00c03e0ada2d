import { printable } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: 'Say whether the database is usable, and if not, why',
  async handle({ services, stdout, stderr, verbosity }) {
    const db = await services.database();
    // Loaded here, not at the top: `help` reads every command file, and this one pulls in MikroORM.
    const { inspectSchema, pendingMigrations, schemaProblems } = await import('../db/schema/inspect.js');
    const report = await inspectSchema(db.sql);
    const problems = schemaProblems(report);
    if (report.appliedMigrations && pendingMigrations(report).length) {
      problems.push(`accessctl migrations not applied: ${pendingMigrations(report).join(', ')} (run 'accessctl migrate')`);
    }
    if (problems.length) {
      for (const problem of problems) stderr.write(`  ${printable(problem, 500)}`, 'ERROR');
      const hint = report.present.size === 0 ? " Run 'accessctl migrate' to create the auth schema." : '';
      throw new CommandError(`not usable: ${db.label} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.${hint}`);
    }
    if (verbosity >= 1) {
      const origin = report.appliedMigrations ? 'created by accessctl' : 'created by Django';
      stdout.write(`Usable: ${db.label} has the complete auth schema (${origin}).`, 'SUCCESS');
    }
  },
});
