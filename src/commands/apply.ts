import { createHash } from 'node:crypto';
import path from 'node:path';
import { InvalidInput } from '../domain/errors.js';
import { printable, quoted } from '../domain/text.js';
import { CommandError } from '../framework/errors.js';
import type { CommandContext } from '../framework/command.js';
import { definePlanCommand, type PlanRequest } from '../framework/plan-command.js';
import { keepHeapCompact } from '../framework/heap.js';
import { DEFAULT_MAX_FILE_BYTES, parseSize, readBounded } from './_read-input.js';

/** A file this large makes a state of thousands of users: the heap is kept compact for it. */
const LARGE_FILE_BYTES = 1024 * 1024;

export default definePlanCommand({
  help: 'Plan and apply an access file (YAML or JSON): groups, users and permissions as listed',
  description:
    'Each group and user in the file is set exactly as listed (as manage_group and manage_user do; an omitted\n' +
    'staff or superuser is false, active defaults to true). Others are left alone unless --prune is given.\n' +
    'The whole file is checked first: every problem is reported with its line:column and path, and nothing changes.',
  options: {
    file: { type: 'string', shortFlag: 'f', metavar: 'FILE', help: 'the access file; - reads standard input' },
    plan: { type: 'string', metavar: 'FILE', help: 'apply a plan saved by --plan-out: exactly it, or nothing if the database moved' },
    prune: { type: 'boolean', help: 'remove the groups and users the file does not list (not superusers)' },
    pruneSuperusers: { type: 'boolean', help: 'with --prune, remove unlisted superusers too' },
    allowNoSuperuser: { type: 'boolean', help: 'let the plan remove, demote or deactivate the last active superuser (refused otherwise)' },
    maxRemovals: {
      type: 'number',
      metavar: 'N',
      help: 'with --prune, remove at most N users and N groups (default: 10% of each, at least 1); more refuses the plan',
    },
    maxFileSize: {
      type: 'string',
      metavar: 'SIZE',
      help: 'refuse a larger file, e.g. 64M or 500k (default: $ACCESSCTL_MAX_FILE_SIZE, else 64M)',
    },
  },
  async plan(ctx) {
    const file = ctx.options.file;
    if (ctx.options.plan !== undefined) {
      if (file !== undefined || ctx.options.prune) throw new CommandError('--plan applies a saved plan: it takes no -f or --prune', 2);
      return savedPlanRequest(ctx, ctx.options.plan);
    }
    if (!file) throw new CommandError('name the access file with -f FILE (or -f - for standard input), or a saved plan with --plan FILE', 2);
    if (ctx.options.pruneSuperusers && !ctx.options.prune) throw new CommandError('--prune-superusers goes with --prune', 2);
    const maxRemovals = ctx.options.maxRemovals;
    if (maxRemovals !== undefined && (!Number.isInteger(maxRemovals) || maxRemovals < 0)) {
      throw new CommandError(`option --max-removals: expected a whole number 0 or more, got ${maxRemovals}`, 2);
    }
    if (maxRemovals !== undefined && !ctx.options.prune) throw new CommandError('--max-removals goes with --prune', 2);
    const sizeText = ctx.options.maxFileSize ?? (ctx.env.ACCESSCTL_MAX_FILE_SIZE || undefined);
    const maxBytes = sizeText === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(sizeText);
    if (maxBytes === undefined) throw new CommandError(`option --max-file-size: expected a size such as 64M or 500k, got ${quoted(sizeText)}`, 2);
    // A server is connected to while the file is read and checked (~0.05 s of a 0.25 s command).
    ctx.services.connectEarly();
    const bytes = await readBounded(file === '-' ? '-' : path.resolve(ctx.cwd, file), maxBytes, file, ctx.stdin);
    if (bytes.length > LARGE_FILE_BYTES) keepHeapCompact();
    const [{ readAccessFile }, { locatedError }, { toDesiredState }, { decodeUtf8, binaryProblem, nestingProblem }] = await Promise.all([
      import('../domain/access-file/read.js'),
      import('../domain/access-file/located.js'),
      import('../domain/access-file/to-desired.js'),
      import('../domain/input-text.js'),
    ]);
    const label = file === '-' ? '<stdin>' : printable(file);
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      const byte = decoded.byte.toString(16).padStart(2, '0');
      throw new InvalidInput([`${label}:${decoded.line}:${decoded.column}: not valid UTF-8 (byte 0x${byte}); save the file as UTF-8`]);
    }
    const text = decoded.text;
    // Before the parser sees it: a binary file is one line, not a screen of raw bytes, and deep
    // nesting is refused before it costs gigabytes.
    const shape = binaryProblem(text) ?? nestingProblem(text);
    if (shape) throw new InvalidInput([`${label}:${shape}`]);
    const prefix = (error: InvalidInput) =>
      new InvalidInput(
        error.problems.map((p) => ({ ...p, message: `${label}:${p.message}` })),
        error.more,
      );
    let loaded;
    try {
      loaded = await readAccessFile(text, { prune: Boolean(ctx.options.prune) });
    } catch (error) {
      throw error instanceof InvalidInput ? prefix(error) : error;
    }
    const { desired, problems } = toDesiredState(loaded.document, { unlisted: ctx.options.prune, superusers: ctx.options.pruneSuperusers, maxRemovals });
    if (ctx.options.allowNoSuperuser) desired.lastSuperuser = 'warn';
    const wayIn = { kind: 'access-file' as const, path: file === '-' ? '-' : path.resolve(ctx.cwd, file), sha256: createHash('sha256').update(bytes).digest('hex') };
    // Only locate() is kept for the messages: the document itself can go once it is a desired state.
    const { locate } = loaded;
    return { desired, problems, explain: (all) => prefix(locatedError(all, locate)), wayIn };
  },
});

/** `--plan FILE`: the saved plan's desired state, to be applied only as that very plan. */
async function savedPlanRequest(ctx: CommandContext, file: string): Promise<PlanRequest> {
  const { readPlanFile } = await import('../framework/saved-plan-file.js');
  const { saved, sha256 } = await readPlanFile(ctx, file);
  const db = await ctx.services.database();
  if (saved.target !== db.label) {
    throw new CommandError(`nothing was changed: the plan ${printable(file)} was made for ${printable(saved.target)}, not ${printable(db.label)}`);
  }
  return { desired: saved.desired, saved, wayIn: { kind: 'saved-plan', path: path.resolve(ctx.cwd, file), sha256 } };
}
