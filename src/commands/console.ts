import { defineCommand } from '../framework/command.js';
import type { Plan } from '../domain/plan/changes.js';
import type { CurrentState } from '../domain/plan/current-state.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import { printable } from '../domain/text.js';
import { readAuditSettings } from '../framework/audit-settings.js';
import { CommandError } from '../framework/errors.js';
import { consoleOpening, leaveConsoleScreen, showSplash, showSplashLine } from '../ui/console/splash.js';

export default defineCommand({
  help: 'Open the full-screen console: browse and edit users, groups and permissions, review, apply',
  description: 'Also what `accessctl` with no command opens on a terminal. Press ? in it for the keys.',
  options: {
    readOnly: { type: 'boolean', help: 'browse only: editing is off' },
    actor: { type: 'string', metavar: 'USERNAME', help: 'the Django user whose admin history shows the changes (default: $ACCESSCTL_ACTOR)' },
    planOut: { type: 'string', metavar: 'FILE', help: 'w in the review writes the plan to FILE, for `apply --plan FILE`' },
  },
  async handle(ctx) {
    const { options, services, env } = ctx;
    // The console reads keys from stdin and draws on stdout: stderr may go to a file.
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new CommandError('the console needs a terminal; see `accessctl help` for the commands', 2);
    const settings = readAuditSettings({ actor: options.actor }, env, ctx.cwd);
    const color = !options.noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
    const server = Boolean(options.databaseUrl ?? env.DATABASE_URL);
    const opening = consoleOpening(server);
    showSplash(process.stdout, opening, color);
    try {
      // The database opens while Ink and React load; what opening it says goes to the status line, not over the screen.
      const notices: string[] = [];
      let opened = false;
      const database = services.database(undefined, {
        onNotice: (message) => notices.push(message),
        // While it opens (a lock held by another process); a wait later ends in the status line's error, if it lasts.
        onWait: (message) => opened || showSplashLine(process.stdout, message, color),
      });
      database.catch(() => undefined); // Reported by open(), once the console is on screen.
      // Loaded while the database opens, as Ink and React are.
      const backendModules = Promise.all([import('../ui/console/backend.js'), import('../framework/record-origin.js')]);
      backendModules.catch(() => undefined); // Reported by open(), as the database's error is.
      const { runConsole } = await import('../ui/console/run.js');
      const reason = await runConsole({
        open: async () => {
          const db = await database;
          opened = true;
          const [{ databaseBackend }, { recordOrigin }] = await backendModules;
          const file: string | undefined = options.planOut;
          const savePlan =
            file === undefined
              ? undefined
              : async (desired: DesiredState, { plan, current }: { plan: Plan; current: CurrentState }) => {
                  const [saved, { stateFingerprint }] = await Promise.all([import('../framework/saved-plan-file.js'), import('../domain/plan/fingerprint.js')]);
                  await saved.savePlanTo(ctx, file, saved.savedPlanText(ctx, db, { desired, plan, fingerprint: stateFingerprint(current), wayIn: { kind: 'console' } }));
                  return `Saved the plan to ${printable(file)}`;
                };
          const journal = { origin: recordOrigin(ctx, db, { kind: 'console' }, settings.actor), changeLog: settings.changeLog };
          await db.recordedAccess(journal).checkActor();
          return databaseBackend(db, journal, savePlan);
        },
        opening,
        notice: () => notices.join(' ') || undefined,
        readOnly: Boolean(options.readOnly),
        color,
      });
      return reason === 'interrupted' ? 130 : 0;
    } finally {
      // Also when the console never started (a failed load): the shell's screen comes back.
      leaveConsoleScreen(process.stdout);
    }
  },
});
