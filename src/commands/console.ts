import { defineCommand } from '../framework/command.js';
import type { Plan } from '../domain/plan/changes.js';
import type { CurrentState } from '../domain/plan/current-state.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import { printable } from '../domain/text.js';
import { readAuditSettings } from '../framework/audit-settings.js';
import { CommandError } from '../framework/errors.js';

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
    // Ink and React load first, so that the screen shows something while the database opens.
    const { runConsole } = await import('../ui/console/run.js');
    const color = !options.noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
    const server = Boolean(options.databaseUrl ?? env.DATABASE_URL);
    const reason = await runConsole({
      open: async () => {
        const db = await services.database();
        const [{ databaseBackend }, { recordOrigin }, saved, { stateFingerprint }] = await Promise.all([
          import('../ui/console/backend.js'),
          import('../framework/record-origin.js'),
          import('../framework/saved-plan-file.js'),
          import('../domain/plan/fingerprint.js'),
        ]);
        const file: string | undefined = options.planOut;
        const savePlan =
          file === undefined
            ? undefined
            : async (desired: DesiredState, { plan, current }: { plan: Plan; current: CurrentState }) => {
                await saved.savePlanTo(ctx, file, saved.savedPlanText(ctx, db, { desired, plan, fingerprint: stateFingerprint(current), wayIn: { kind: 'console' } }));
                return `Saved the plan to ${printable(file)}`;
              };
        const journal = { origin: recordOrigin(ctx, db, { kind: 'console' }, settings.actor), changeLog: settings.changeLog };
        await db.recordedAccess(journal).checkActor();
        return databaseBackend(db, journal, savePlan);
      },
      opening: server ? 'connecting to the database server…' : 'opening the embedded database…',
      readOnly: Boolean(options.readOnly),
      color,
    });
    return reason === 'interrupted' ? 130 : 0;
  },
});
