import { UserModelMismatch } from '../db/errors.js';
import { printable } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { readAuditSettings } from '../framework/audit-settings.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: 'Say whether the database is usable, and if not, why',
  async handle({ services, stdout, stderr, verbosity, env, cwd }) {
    const settings = readAuditSettings({}, env, cwd);
    const db = await services.database();
    // Loaded here, not at the top: `help` reads every command file.
    const [{ inspectSchema, madeByDjango, pendingMigrations, schemaProblems }, { CHANGE_LOG_MIGRATION }, { findUserTables, USER_MODEL_SETTING }] = await Promise.all([
      import('../db/schema/inspect.js'),
      import('../db/schema/migrations/names.js'),
      import('../db/user-model.js'),
    ]);
    const custom = db.customUserModel;
    const report = await inspectSchema(db.sql, { withUserTables: !custom });
    let problems = schemaProblems(report);
    if (!custom && report.missingTables.includes('auth_user')) {
      // A project with its own AUTH_USER_MODEL: say which setting names it, rather than that auth_user is missing.
      const found = await findUserTables(db.sql);
      if (found.length) {
        const names = found.map((f) => (f.label ? `${f.label} (table ${f.table})` : `table ${f.table}`)).join(', ');
        problems = [
          ...problems.filter((p) => !/auth_user(_groups|_user_permissions)? is missing/.test(p)),
          `no auth_user table, but a custom user model: ${names}. Name it with ${USER_MODEL_SETTING}`,
        ];
      }
    }
    let model;
    if (problems.length === 0) {
      try {
        model = await db.userModel();
      } catch (error) {
        if (!(error instanceof UserModelMismatch)) throw error;
        problems.push(error.message);
      }
    }
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
      const hint = report.present.size === 0 && !custom ? " Run 'accessctl migrate' to create the auth schema." : '';
      throw new CommandError(`not usable: ${db.label} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.${hint}`);
    }
    if (verbosity >= 1) {
      const origin = django ? 'created by Django' : 'created by accessctl';
      const user = model && custom ? `; user model ${model.label} (table ${model.table}, login ${model.login})` : '';
      stdout.write(`Usable: ${db.label} has the complete auth schema (${origin})${user}.`, 'SUCCESS');
    }
  },
});
