import { open } from 'node:fs/promises';
import { quoted } from '../domain/text.js';
import { CommandError } from '../framework/errors.js';

/** Default for --max-file-size: a 100,000-user JSON policy is ~35 MB. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "64M", "500k", "1048576" -> bytes; undefined when the text is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+)\s*([kmg]?)i?b?\s*$/i.exec(text);
  const [, digits, unit = ''] = match ?? [];
  const factor = UNITS[unit.toLowerCase()];
  if (digits === undefined || factor === undefined) return undefined;
  return Number(digits) * factor;
}

const shown = (bytes: number) => (bytes % 1024 ** 2 === 0 ? `${bytes / 1024 ** 2} MB` : `${bytes} bytes`);

const tooLarge = (label: string, limit: number) =>
  new CommandError(
    `${label} is larger than ${shown(limit)}, the limit for an access file; raise it with --max-file-size (or ACCESSCTL_MAX_FILE_SIZE) if that is intended`,
  );

/**
 * Reads a file, or standard input for "-", refusing it once it passes `limit` bytes: a regular file
 * by its size before reading, anything else (a pipe, /dev/zero) as soon as the limit is passed.
 */
export async function readBounded(file: string, limit: number, shownAs: string, stdin: AsyncIterable<unknown>): Promise<Buffer> {
  const label = file === '-' ? 'standard input' : quoted(shownAs);
  if (file === '-') return collect(stdin, label, limit);
  let handle;
  try {
    handle = await open(file, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (stats.isFile() && stats.size > limit) throw tooLarge(label, limit);
    return await collect(handle.createReadStream({ autoClose: false }), label, limit);
  } catch (caught) {
    if (caught instanceof CommandError) throw caught;
    const { code, message } = caught as NodeJS.ErrnoException;
    const reason = ({ ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' } as Record<string, string>)[code ?? ''] ?? message;
    throw new CommandError(`cannot read ${label}: ${reason}`);
  } finally {
    await handle?.close();
  }
}

async function collect(stream: AsyncIterable<unknown> & { destroy?: () => void }, label: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    // A NUL byte is never in a YAML or JSON text: a binary file (or /dev/zero) is refused at once.
    const nul = (chunk as Buffer).indexOf(0);
    if (nul !== -1) {
      stream.destroy?.();
      throw new CommandError(`${label} is not a text file (a NUL byte at offset ${total + nul}); an access file is YAML or JSON`);
    }
    total += (chunk as Buffer).length;
    if (total > limit) {
      stream.destroy?.();
      throw tooLarge(label, limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
