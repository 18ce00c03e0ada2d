import { writeFile } from 'node:fs/promises';
import { defineCommand } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';

export default defineCommand({
  help: 'Write the current users, groups and permissions as an access file (YAML or JSON)',
  description:
    'Sorted and stable: applying an export says "No changes." Password hashes are never exported;\n' +
    'a user whose password is unusable gets `password: {unusable: true}`.',
  options: {
    output: { type: 'string', shortFlag: 'o', metavar: 'FILE', help: 'write to FILE instead of standard output' },
    format: { type: 'string', metavar: '{yaml,json}', help: 'the format (default: json for a .json FILE, else yaml)' },
  },
  async handle({ options, services, stdout, stderr, verbosity }) {
    const output: string | undefined = options.output;
    const format = options.format ?? (output?.endsWith('.json') ? 'json' : 'yaml');
    if (format !== 'yaml' && format !== 'json') throw new UsageError(`option --format: invalid choice: ${JSON.stringify(format)} (choose from yaml, json)`);
    const db = await services.database();
    const [{ stringify }, { exportDocument, EXPORT_SCOPE }] = await Promise.all([import('yaml'), import('../domain/access-file/export.js')]);
    const document = exportDocument(await db.access.readState(EXPORT_SCOPE));
    const text = format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 });
    if (!output) {
      stdout.write(text, undefined, '');
      return;
    }
    await writeFile(output, text);
    if (verbosity >= 1) {
      const counts = `${Object.keys(document.users ?? {}).length} users, ${Object.keys(document.groups ?? {}).length} groups`;
      stderr.write(`Wrote ${output} (${counts}).`, 'SUCCESS');
    }
  },
});
