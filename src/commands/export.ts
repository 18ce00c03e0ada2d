import { plural, quoted } from '../domain/text.js';
import { defineCommand } from '../framework/command.js';
import { CommandError } from '../framework/errors.js';
import { writeFileAtomic } from '../framework/atomic-write.js';

export default defineCommand({
  help: 'Write the current users, groups and permissions as an access file (YAML or JSON)',
  description:
    'Sorted and stable: applying an export says "No changes." Password hashes are never exported;\n' +
    'a user whose password is unusable gets `password: {unusable: true}`.',
  options: {
    output: { type: 'string', shortFlag: 'o', metavar: 'FILE', help: 'write to FILE instead of standard output' },
    format: { type: 'string', metavar: '{yaml,json}', choices: ['yaml', 'json'], help: 'the format (default: json for a .json FILE, else yaml)' },
  },
  async handle({ options, services, stdout, stderr, verbosity }) {
    const output = options.output;
    const format = options.format ?? (output?.endsWith('.json') ? 'json' : 'yaml');
    const db = await services.database();
    const [{ accessDocumentChunks }, { exportDocument, EXPORT_SCOPE }] = await Promise.all([
      import('../domain/access-file/serialize.js'),
      import('../domain/access-file/export.js'),
    ]);
    const document = exportDocument(await db.access.readState(EXPORT_SCOPE));
    // Written as it is made: the text of 100,000 users is never held whole (YAML).
    const chunks = accessDocumentChunks(document, format);
    if (!output) {
      for (const chunk of chunks) stdout.writeData(chunk);
      return;
    }
    try {
      await writeFileAtomic(output, chunks);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const reason = ({ ENOENT: 'no such folder', EACCES: 'permission denied', EISDIR: 'it is a folder' } as Record<string, string>)[code ?? ''] ?? message;
      throw new CommandError(`cannot write ${quoted(output)}: ${reason}; nothing was written`);
    }
    if (verbosity >= 1) {
      const counts = `${plural(Object.keys(document.users ?? {}).length, 'user')}, ${plural(Object.keys(document.groups ?? {}).length, 'group')}`;
      stderr.write(`Wrote ${output} (${counts}).`, 'SUCCESS');
    }
  },
});
