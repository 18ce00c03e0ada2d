import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordOfSource } from '../db/change-log-queries.js';
import type { Database } from '../db/database.js';
import type { WayIn } from '../domain/audit/record.js';
import type { Plan } from '../domain/plan/changes.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import { parseSavedPlan, planDifference, savableDesired, savedPlan, type SavedPlan } from '../domain/plan/saved-plan.js';
import { printable, quoted } from '../domain/text.js';
import type { CommandContext } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';
import { maskedCommandLine, sha256, shellJoin } from '../framework/record-origin.js';
import { VERSION } from '../framework/version.js';
import { describeChange, planLines, summaryLine } from '../ui/plan-text.js';

/** Writes a whole file or nothing (temp file + rename), readable by its owner only. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    await rm(temp, { force: true });
    throw new CommandError(
      `cannot write the plan to ${quoted(file)}: ${error.code === 'ENOENT' ? 'no such folder' : error.code === 'EACCES' ? 'permission denied' : error.message}`,
    );
  }
}

export interface PlanToSave {
  desired: DesiredState;
  plan: Plan;
  fingerprint: string;
  wayIn: WayIn;
}

/** The saved plan's JSON text: the plan, the fingerprint of the state it was computed from, and what to compute it again from. */
export function savedPlanText(ctx: CommandContext, db: Database, made: PlanToSave): string {
  const document = savedPlan(
    {
      created_at: new Date().toISOString(),
      accessctl_version: VERSION,
      target: db.label,
      command: shellJoin(['accessctl', ctx.name, ...maskedCommandLine(ctx.argv)]),
      way_in: made.wayIn,
      fingerprint: made.fingerprint,
      desired: savableDesired(made.desired, made.plan),
    },
    made.plan,
  );
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Writes the saved plan to FILE (whole or not at all, mode 0600). */
export async function savePlanTo(ctx: CommandContext, file: string, text: string): Promise<void> {
  await writeAtomically(path.resolve(ctx.cwd, file), text);
}

/** --plan-out FILE (- for standard output). */
export async function writePlanFile(ctx: CommandContext, db: Database, made: PlanToSave): Promise<void> {
  const file = String(ctx.options.planOut);
  const text = savedPlanText(ctx, db, made);
  if (file === '-') ctx.stdout.write(text, undefined, '');
  else await savePlanTo(ctx, file, text);
  if (ctx.verbosity >= 1 && file !== '-') ctx.stderr.write(`Saved the plan to ${printable(file)}; apply it with: accessctl apply --plan ${printable(file)}`, 'NOTICE');
}

/** Reads `apply --plan FILE`: the plan and the hash of the file's content (for the change log). */
export async function readPlanFile(ctx: CommandContext, file: string): Promise<{ saved: SavedPlan; sha256: string }> {
  let text: string;
  try {
    text = await readFile(path.resolve(ctx.cwd, file), 'utf8');
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    const reason = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' }[error.code as string] ?? error.message;
    throw new CommandError(`cannot read ${quoted(file)}: ${reason}`);
  }
  return { saved: parseSavedPlan(text, printable(file)), sha256: sha256(text) };
}

/** The saved plan no longer fits the database: show what moved, change nothing. */
export async function refuseMovedPlan(ctx: CommandContext, db: Database, saved: SavedPlan, now: Plan, source?: { sha256: string }): Promise<never> {
  const { onlySaved, onlyNow } = planDifference(saved, now);
  const { stderr } = ctx;
  stderr.write(`The database changed since the plan was made (${printable(saved.created_at)}, by ${printable(saved.command)}).`, 'WARNING');
  if (onlySaved.length) {
    stderr.write('In the saved plan, no longer needed or different now:');
    for (const change of onlySaved) stderr.write(`  ${printable(describeChange(change))}`);
  }
  if (onlyNow.length) {
    stderr.write('Needed now, not in the saved plan:');
    for (const change of onlyNow) stderr.write(`  ${printable(describeChange(change))}`);
  }
  if (!onlySaved.length && !onlyNow.length) stderr.write('The changes are the same, but rows the plan read have changed (its fingerprint differs).');
  if (now.changes.length === 0) stderr.write('The database is already as this plan would leave it.');
  const applied = source ? await recordOfSource(db.sql, source.sha256) : undefined;
  if (applied) {
    stderr.write(
      `This plan was applied on ${applied.appliedAt.toISOString()} by ${printable(applied.osUser)}@${printable(applied.host)} (change log record #${applied.id}).`,
    );
  }
  if (ctx.verbosity >= 2) {
    stderr.write('The plan against the database now:');
    for (const line of planLines(now)) stderr.write(line.text);
    stderr.write(summaryLine(now));
  }
  throw new CommandError('nothing was changed: a saved plan is applied only to the state it was made from. Make a new plan.');
}
