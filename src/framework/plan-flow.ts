import type { Database } from '../db/database.js';
import { InvalidInput } from '../domain/errors.js';
import { samePlan, type Plan } from '../domain/plan/changes.js';
import type { CurrentState } from '../domain/plan/current-state.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import { applyDesiredState, planWithState } from '../domain/plan/engine.js';
import { stateFingerprint } from '../domain/plan/fingerprint.js';
import { readAuditSettings } from './audit-settings.js';
import type { CommandContext } from './command.js';
import { printable } from '../domain/text.js';
import { CommandError } from './errors.js';
import type { PlanInput } from './plan-command.js';
import { jsonReport, type Outcome } from '../ui/plan-json.js';
import { recordOrigin } from './record-origin.js';
import { appliedLine, describeChange, planLines, summaryLine } from '../ui/plan-text.js';
import { quoted } from '../domain/text.js';
import { progressBar } from '../ui/progress.js';
import type { SavedPlan } from '../domain/plan/saved-plan.js';

/** The confirmation question; it names the last active superusers a plan would remove, demote or deactivate. */
function question(plan: Plan): string {
  if (!plan.lastSuperusers?.length) return 'Apply these changes?';
  return `Apply these changes, leaving no active superuser (${plan.lastSuperusers.map((name) => quoted(name)).join(', ')} ${plan.lastSuperusers.length > 1 ? 'are the last ones' : 'is the last one'})?`;
}
/** A plan this long shows a progress bar while it is written (on a terminal). */
const PROGRESS_FROM_CHANGES = 1000;

const savedSource = (input: PlanInput) => (input.wayIn?.kind === 'saved-plan' ? input.wayIn : undefined);

// Saved plans (and zod, which reads them) load only when a command saves or applies one: ~0.05 s of every start.
const savedPlanFile = () => import('./saved-plan-file.js');

async function refuseMovedPlan(ctx: CommandContext, db: Database, saved: SavedPlan, now: Plan, input: PlanInput): Promise<never> {
  return (await savedPlanFile()).refuseMovedPlan(ctx, db, saved, now, savedSource(input));
}

function showPlan(ctx: CommandContext, db: Database, plan: Plan, heading?: string): void {
  const { stderr, verbosity } = ctx;
  for (const warning of plan.warnings) stderr.write(`Warning: ${warning}`, 'WARNING');
  if (verbosity < 1) return;
  const style = { add: 'ADD', change: 'CHANGE', remove: 'REMOVE' } as const;
  if (heading) stderr.write(heading, 'NOTICE');
  if (verbosity >= 2 || !heading) for (const note of plan.notes) stderr.write(note);
  // Named before the changes: a plan read as "on production" must not go to the embedded database.
  if (!heading && plan.changes.length) stderr.write(`Changes on ${printable(db.where, 400)}:`, 'BOLD');
  // In blocks: a first apply of 100,000 users is 400,000 lines, too many for a write each, one
  // string, or all their lines in memory at once.
  for (let start = 0; start < plan.changes.length; start += 5000) {
    stderr.write(
      planLines({ ...plan, changes: plan.changes.slice(start, start + 5000) })
        .map((line) => stderr.style(line.text, style[line.kind]))
        .join('\n'),
    );
  }
  stderr.write(summaryLine(plan), 'BOLD');
}

function printJson(ctx: CommandContext, plan: Plan | undefined, outcome: Outcome, errors: string[] = []): void {
  if (!ctx.options.json) return;
  ctx.stdout.write(JSON.stringify(jsonReport(outcome, plan, errors), null, 2));
}

async function planOrExplain(ctx: CommandContext, db: Database, desired: DesiredState, input: PlanInput): Promise<{ plan: Plan; current: CurrentState }> {
  let problems = input.problems ?? [];
  let more = 0;
  let planned: { plan: Plan; current: CurrentState } | undefined;
  try {
    planned = await planWithState(db.access, desired);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    problems = [...problems, ...error.problems];
    more = error.more;
  }
  if (problems.length === 0 && planned) return planned;
  const explained = input.explain ? input.explain(problems) : new InvalidInput(problems);
  const invalid = more ? new InvalidInput(explained.problems, explained.more + more) : explained;
  printJson(
    ctx,
    undefined,
    'invalid',
    invalid.problems.map((p) => p.message),
  );
  throw invalid;
}

/**
 * desired state -> plan -> shown -> confirmed -> applied in one transaction. The plan applied is
 * always computed against the state being written; if that differs from the plan shown, a person
 * sees the new plan and is asked again, and --yes applies the new plan and shows it.
 */
export async function planAndApply(ctx: CommandContext, desired: DesiredState, input: PlanInput = {}): Promise<number> {
  const { yes, dryRun, detailedExitcode } = ctx.options;
  const changed = detailedExitcode ? 2 : 0;
  // A project's command calling services.planAndApply may not declare --actor: absent is none.
  const actor = typeof ctx.options.actor === 'string' ? ctx.options.actor : undefined;
  const settings = readAuditSettings({ actor }, ctx.env, ctx.cwd);
  const db = await ctx.services.database();
  const store = db.recordedAccess({
    origin: recordOrigin(ctx, db, input.wayIn ?? { kind: 'command' }, settings.actor),
    changeLog: settings.changeLog,
    onUnrecorded: () =>
      ctx.stderr.write("Warning: applied without a record: this database has no change log (changeLog is optional). Run 'accessctl migrate' to add it.", 'WARNING'),
  });
  await store.checkActor();
  const planned = await planOrExplain(ctx, db, desired, input);
  let plan = planned.plan;
  // Only a saved plan needs it: at 100,000 users it is a hash of a 10 MB text.
  const fingerprint = () => stateFingerprint(planned.current);
  if (input.saved && (fingerprint() !== input.saved.fingerprint || !samePlan(plan, input.saved))) {
    printJson(ctx, plan, 'refused');
    return refuseMovedPlan(ctx, db, input.saved, plan, input);
  }
  showPlan(ctx, db, plan);
  if (ctx.options.planOut) await (await savedPlanFile()).writePlanFile(ctx, db, { desired, plan, fingerprint: fingerprint(), wayIn: input.wayIn ?? { kind: 'command' } });
  if (plan.changes.length === 0) return (printJson(ctx, plan, 'no-changes'), 0);
  if (dryRun) return (printJson(ctx, plan, 'dry-run'), changed);
  await store.checkChangeLog();
  if (!yes && !ctx.interactive) {
    printJson(ctx, plan, 'refused');
    throw new CommandError('nothing was changed: there is no terminal to confirm on. Re-run with --yes to apply, or with --dry-run to only show the plan.');
  }
  for (;;) {
    if (!yes && !(await ctx.services.confirm(question(plan)))) {
      ctx.stderr.write('Cancelled; nothing was changed.', 'WARNING');
      printJson(ctx, plan, 'declined');
      return 1;
    }
    const progress = ctx.stderr.sink.isTTY && ctx.verbosity >= 1 && plan.changes.length >= PROGRESS_FROM_CHANGES ? progressBar(ctx.stderr.sink) : undefined;
    const outcome = await applyDesiredState(store, desired, plan, {
      onStale: yes ? 'apply' : 'abort',
      onProgress: progress && ((done, total, step) => progress.update(done, total, step)),
      fingerprint: input.saved?.fingerprint,
      shownFrom: plan === planned.plan ? planned.current : undefined,
    }).finally(() => progress?.done());
    if (input.saved && outcome.status === 'stale') {
      printJson(ctx, outcome.plan, 'refused');
      return refuseMovedPlan(ctx, db, input.saved, outcome.plan, input);
    }
    if (outcome.status !== 'applied' || outcome.replanned) {
      plan = outcome.plan;
      showPlan(ctx, db, plan, 'The database changed since the plan was shown. The new plan:');
    }
    if (outcome.status === 'refused') {
      printJson(ctx, plan, 'refused');
      const [unseen] = outcome.unseen;
      const first = unseen ? describeChange(unseen) : 'a change';
      const more = outcome.unseen.length > 1 ? ` and ${outcome.unseen.length - 1} more` : '';
      throw new CommandError(`nothing was changed: the new plan removes what the plan shown did not (${first}${more}). Run again to see the plan, and confirm it.`);
    }
    if (outcome.status === 'stale') {
      if (plan.changes.length === 0) return (printJson(ctx, plan, 'no-changes'), 0);
      continue;
    }
    if (plan.changes.length === 0) return (printJson(ctx, plan, 'no-changes'), 0);
    if (ctx.verbosity >= 1) ctx.stderr.write(appliedLine(plan), 'SUCCESS');
    printJson(ctx, plan, 'applied');
    return changed;
  }
}
