import { parseUniqueJson } from './json-keys.js';
import type { LoadedAccessFile } from './load.js';
import { plainPositions } from './located.js';
import { readPlainYaml } from './plain-yaml.js';
import { quickAccessDocument } from './quick-document.js';

/**
 * Reads an access file as loadAccessFile does, without loading the yaml package or the schema
 * (their modules alone are ~60 ms of a process that re-applies 1,000 users in ~0.3 s of CPU) when
 * the file is plain YAML or JSON of exactly an access file's shape, lists something, and has no
 * escape sequence (the only way to write a NUL, a lone surrogate or U+FFFD, which loadAccessFile
 * refuses with their place). Anything else, and every problem, is loadAccessFile's.
 */
export async function readAccessFile(text: string, options: { prune?: boolean } = {}): Promise<LoadedAccessFile> {
  const escapes = text.includes('\\') || text.includes('\ufffd');
  const json = escapes ? undefined : parseUniqueJson(text);
  const plain = escapes || json ? undefined : readPlainYaml(text);
  const value = json ? json.value : plain && !plain.duplicates.length ? plain.value : undefined;
  const document = value === undefined ? undefined : quickAccessDocument(value);
  // loadAccessFile refuses a file that lists nothing (or, with --prune, no users and no groups).
  if (document && (document.users || document.groups || (!options.prune && document.permissions))) {
    if (json) {
      const { positionsOf } = await import('./positions.js');
      return { document, locate: positionsOf(text) };
    }
    let locate: ReturnType<typeof plainPositions>;
    return { document, locate: (path, atKey) => (locate ??= plainPositions(text)!)(path, atKey) };
  }
  const { loadAccessFile } = await import('./load.js');
  return loadAccessFile(text, options);
}
