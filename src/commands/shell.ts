import os from 'node:os';
import path from 'node:path';
import { DatabaseError } from '../db/errors.js';
import { printable } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';

/** The shell's history lives in the data home, beside the embedded database's folder. */
function historyFile(env: NodeJS.ProcessEnv): string {
  const dataHome = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return path.join(dataHome, 'accessctl_shell_history');
}

export default defineCommand({
  help: "A Node REPL with the ORM (em and the entities), sql, and plan()/apply() through the commands' pipeline",
  description:
    'Ready to use: em (the MikroORM EntityManager) with User, Group, Permission, ContentType (and the join\n' +
    'entities UserGroup, GroupPermission, UserPermission), sql (the raw client: await sql.query(text, params)),\n' +
    'plan(desired) (shows the plan) and apply(desired) (shows it and asks, or applies with apply(desired, {yes: true})).\n' +
    'desired is an access document, e.g. {groups: {editors: ["myapp:thing:change_thing"]}}. await works at the\n' +
    'top level. History is kept in $XDG_DATA_HOME/accessctl_shell_history.',
  options: {
    command: { type: 'string', shortFlag: 'c', metavar: 'CODE', help: 'evaluate one expression (await allowed), print the result and exit' },
  },
  async handle(ctx) {
    const db = await ctx.services.database();
    const [{ shellSession, evaluate, hideSecrets }, { startRepl }, { userModelEntities }] = await Promise.all([
      import('./_shell-session.js'),
      import('../ui/repl.js'),
      import('../db/entities/user-model-entities.js'),
    ]);
    const userEntities = userModelEntities(await db.userModel());
    return db.withOrm(async (orm) => {
      if (ctx.options.command !== undefined) {
        const session = shellSession(ctx, db, orm, { confirm: ctx.interactive ? ctx.services.confirm : undefined }, userEntities);
        let printed: string;
        try {
          printed = await evaluate(ctx.options.command, session.context, ctx.stdout.color, hideSecrets(db));
        } catch (error) {
          // The code's own error (a typo, findOneOrFail finding nothing) is the user's, not a bug of accessctl.
          if (error instanceof Error && !(error instanceof CommandError) && !(error instanceof DatabaseError)) {
            throw new CommandError(printable(`${error.name}: ${error.message.split('\n')[0]}`, 1000));
          }
          throw error;
        }
        if (printed) ctx.stdout.write(printed);
        return session.failed ? 1 : 0;
      }
      const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      let ask: ((question: string) => Promise<boolean>) | undefined;
      const session = shellSession(ctx, db, orm, { confirm: terminal ? (question) => ask!(question) : undefined }, userEntities);
      if (ctx.verbosity >= 1) {
        ctx.stderr.write(
          `accessctl shell on ${db.label}: em, sql, ${['User', 'Group', 'Permission', 'ContentType'].join(', ')}, plan(desired), apply(desired). Ctrl+D quits.`,
          'NOTICE',
        );
      }
      const running = await startRepl({
        prompt: 'accessctl> ',
        input: process.stdin,
        output: process.stdout,
        terminal,
        colors: ctx.stdout.color,
        context: session.context,
        hide: hideSecrets(db),
        historyFile: historyFile(ctx.env),
      });
      ask = running.confirm;
      await running.closed;
      // A piped script fails as -c does: a line that threw, or an apply() refused or failed.
      return !terminal && (running.failed() || session.failed) ? 1 : 0;
    }, Object.values(userEntities));
  },
});
