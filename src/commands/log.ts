import { defineCommand, type CommandContext } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';

export default defineCommand({
  help: 'List the change log: every applied plan, newest first',
  description:
    'Each record says when a plan was applied, by which OS user on which host, with which accessctl, the command\n' +
    'line (secrets masked), how it came in (command, access file with its sha256, console, saved plan), the database\n' +
    'and the changes. --since/--until take a date (2026-11-01), a date and time (2026-11-01T12:00Z) or a duration\n' +
    '(90m, 12h, 7d, 2w). Records are append-only; --prune-before removes old ones when the logRetention setting allows.',
  options: {
    since: { type: 'string', metavar: 'WHEN', help: 'records applied at or after WHEN' },
    until: { type: 'string', metavar: 'WHEN', help: 'records applied before WHEN' },
    user: { type: 'string', metavar: 'USERNAME', help: 'records that change this user' },
    group: { type: 'string', metavar: 'GROUP', help: 'records that change this group' },
    permission: { type: 'string', metavar: 'APP_LABEL:MODEL:CODENAME', help: 'records that change this permission or a grant of it (or APP_LABEL.CODENAME)' },
    limit: { type: 'number', metavar: 'N', help: 'at most N records' },
    json: { type: 'boolean', help: 'the full records as a JSON array on stdout' },
    pruneBefore: { type: 'string', metavar: 'DATE', help: 'delete the records applied before DATE (needs the logRetention setting); itself recorded' },
    yes: { type: 'boolean', shortFlag: 'y', help: 'with --prune-before: delete without asking' },
  },
  async handle(ctx) {
    const { options, stdout } = ctx;
    const [{ parseLogFilter, parseMoment, resolveLogFilter }, queries, text] = await Promise.all([
      import('../domain/audit/filters.js'),
      import('../db/change-log-queries.js'),
      import('../ui/log-text.js'),
    ]);
    if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1))
      throw new CommandError(`invalid --limit ${options.limit}: a whole number from 1`, 2);
    const now = new Date();
    if (options.pruneBefore !== undefined) return prune(ctx, parseMoment(options.pruneBefore, now, '--prune-before'), now);
    const parsed = parseLogFilter(options, now);
    const db = await ctx.services.database();
    if (!(await queries.hasChangeLog(db.sql))) throw new CommandError(`${db.label} has no change log yet: run 'accessctl migrate' to add it`);
    const filter = { ...(await resolveLogFilter(db.access, parsed)), limit: options.limit };
    const records = await queries.readRecords(db.sql, filter);
    if (options.json) return stdout.write(JSON.stringify(records.map(text.recordJson), null, 2));
    if (records.length === 0) return ctx.stderr.write('No records.');
    const body = records.map((r) => text.recordLines(r).join('\n')).join('\n\n') + '\n';
    if (stdout.sink.isTTY) {
      const { page } = await import('../ui/pager.js');
      if (await page(body, ctx.env)) return;
    }
    stdout.write(body, undefined, '');
  },
});

async function prune(ctx: CommandContext, before: Date, now: Date): Promise<number> {
  const [{ readAuditSettings }, { recordOrigin }, queries] = await Promise.all([
    import('../framework/audit-settings.js'),
    import('../framework/record-origin.js'),
    import('../db/change-log-queries.js'),
  ]);
  const settings = readAuditSettings({}, ctx.env, ctx.cwd);
  if (settings.logRetentionDays === undefined) {
    throw new CommandError('the change log is append-only: set logRetention (e.g. "365d" in accessctl.config.json, or ACCESSCTL_LOG_RETENTION) to allow --prune-before');
  }
  const oldest = new Date(now.getTime() - settings.logRetentionDays * 86_400_000);
  if (before > oldest) {
    throw new CommandError(
      `--prune-before ${before.toISOString()} would delete records younger than the retention of ${settings.logRetentionDays} days: give ${oldest.toISOString().slice(0, 10)} or earlier`,
    );
  }
  const db = await ctx.services.database();
  if (!(await queries.hasChangeLog(db.sql))) throw new CommandError(`${db.label} has no change log: nothing to prune`);
  const [{ n }] = (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM accessctl_change_log WHERE applied_at < $1', [before])) as [{ n: number }];
  ctx.stderr.write(`This deletes ${n} record${n === 1 ? '' : 's'} of the change log applied before ${before.toISOString()}; the deletion is itself recorded.`);
  if (!ctx.options.yes) {
    if (!ctx.interactive) throw new CommandError('nothing was deleted: there is no terminal to confirm on. Re-run with --yes.');
    if (!(await ctx.services.confirm('Delete these records?'))) {
      ctx.stderr.write('Cancelled; nothing was deleted.', 'WARNING');
      return 1;
    }
  }
  const { removed, id } = await queries.pruneRecords(db.sql, before, recordOrigin(ctx, db, { kind: 'command' }, undefined));
  if (ctx.verbosity >= 1) ctx.stderr.write(`Pruned ${removed} record${removed === 1 ? '' : 's'}; the prune is record #${id}.`, 'SUCCESS');
  return 0;
}
