import { printable } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { readAuditSettings } from '../framework/audit-settings.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: 'Say whether the database is usable, and if not, why',
  async handle({ services, stdout, stderr, verbosity, env, cwd }) {
    const settings = readAuditSettings({}, env, cwd);
    const db = await services.database();
    // Loaded here, not at the top: `help` reads every command file, and this one pulls in MikroORM.
    const [{ inspectSchema, madeByDjango, pendingMigrations, schemaProblems }, { CHANGE_LOG_MIGRATION }] = await Promise.all([
      import('../db/schema/inspect.js'),
      import('../db/schema/migrations/index.js'),
    ]);
    const report = await inspectSchema(db.sql);
    const problems = schemaProblems(report);
    const django = madeByDjango(report);
    const changeLogFix = "run 'accessctl migrate' to add it (only accessctl's own tables are added; Django's are left as they are)";
    if (report.present.size > 0 && !report.changeLog) {
      const missing = `table accessctl_change_log is missing, so applied plans cannot be recorded: ${changeLogFix}`;
      if (settings.changeLog === 'required') problems.push(`${missing}; until then applying is refused (changeLog is "required")`);
      else stderr.write(`Warning: ${missing}; applying goes on unrecorded (changeLog is "optional")`, 'WARNING');
    }
    // The change log's own migration is reported above, with what its absence means.
    const others = pendingMigrations(report).filter((name) => name !== CHANGE_LOG_MIGRATION);
    if (report.appliedMigrations && others.length) problems.push(`accessctl migrations not applied: ${others.join(', ')} (run 'accessctl migrate')`);
    if (problems.length) {
      for (const problem of problems) stderr.write(`  ${printable(problem, 500)}`, 'ERROR');
      const hint = report.present.size === 0 ? " Run 'accessctl migrate' to create the auth schema." : '';
      throw new CommandError(`not usable: ${db.label} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.${hint}`);
    }
    if (verbosity >= 1) {
      const origin = django ? 'created by Django' : 'created by accessctl';
      stdout.write(`Usable: ${db.label} has the complete auth schema (${origin}).`, 'SUCCESS');
    }
  },
});
