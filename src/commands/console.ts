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
    actor: { type: 'string', metavar: 'USERNAME', help: "the Django user whose admin history shows the changes (default: $ACCESSCTL_ACTOR)" },
    planOut: { type: 'string', metavar: 'FILE', help: 'w in the review writes the plan to FILE, for `apply --plan FILE`' },
  },
  async handle(ctx) {
    const { options, services, interactive, env } = ctx;
    if (!interactive || !process.stdout.isTTY) throw new CommandError('the console needs a terminal; see `accessctl help` for the commands', 2);
    const settings = readAuditSettings({ actor: options.actor }, env, ctx.cwd);
    const db = await services.database();
    // Ink and React load only here: the other commands start without them.
    const [{ runConsole }, { databaseBackend }, { recordOrigin }, saved, { stateFingerprint }] = await Promise.all([
      import('../ui/console/run.js'),
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
    const store = db.recordedAccess(journal);
    await store.checkActor();
    const color = !options.noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
    const reason = await runConsole({ backend: databaseBackend(db, journal, savePlan), readOnly: Boolean(options.readOnly), color });
    return reason === 'interrupted' ? 130 : 0;
  },
});
