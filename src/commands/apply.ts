import { readFile } from 'node:fs/promises';
import { InvalidInput } from '../domain/errors.js';
import { CommandError } from '../framework/errors.js';
import { definePlanCommand } from '../framework/plan-command.js';

async function readInput(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (error: any) {
      const reason = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' }[error.code as string] ?? error.message;
      throw new CommandError(`cannot read ${JSON.stringify(file)}: ${reason}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export default definePlanCommand({
  help: 'Plan and apply an access file (YAML or JSON): groups, users and permissions as listed',
  description:
    'Each group and user in the file is set exactly as listed (as manage_group and manage_user do; an omitted\n' +
    'staff or superuser is false, active defaults to true). Others are left alone unless --prune is given.\n' +
    'The whole file is checked first: every problem is reported with its line:column and path, and nothing changes.',
  options: {
    file: { type: 'string', shortFlag: 'f', metavar: 'FILE', help: 'the access file; - reads standard input' },
    prune: { type: 'boolean', help: 'remove the groups and users the file does not list (not superusers)' },
    pruneSuperusers: { type: 'boolean', help: 'with --prune, remove unlisted superusers too' },
  },
  async plan(ctx) {
    const file: string | undefined = ctx.options.file;
    if (!file) throw new CommandError('name the access file with -f FILE (or -f - for standard input)', 2);
    if (ctx.options.pruneSuperusers && !ctx.options.prune) throw new CommandError('--prune-superusers goes with --prune', 2);
    const text = await readInput(file);
    const [{ loadAccessFile, locatedError }, { toDesiredState }] = await Promise.all([
      import('../domain/access-file/load.js'),
      import('../domain/access-file/to-desired.js'),
    ]);
    const label = file === '-' ? '<stdin>' : file;
    const prefix = (error: InvalidInput) => new InvalidInput(error.problems.map((p) => ({ ...p, message: `${label}:${p.message}` })));
    let loaded;
    try {
      loaded = loadAccessFile(text);
    } catch (error) {
      throw error instanceof InvalidInput ? prefix(error) : error;
    }
    const { desired, problems } = toDesiredState(loaded.document, { unlisted: Boolean(ctx.options.prune), superusers: Boolean(ctx.options.pruneSuperusers) });
    return { desired, problems, explain: (all) => prefix(locatedError(all, loaded.locate)) };
  },
});
