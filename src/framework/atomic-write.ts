import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that it is either the old content or the whole new one, never a truncated mix:
 * the text goes to a temporary file beside it, is flushed to disk, then renamed over the target.
 * A new file is 0600 (an export names every user and email); an existing file keeps its mode.
 * The text may come in pieces, written as they come.
 */
export async function writeFileAtomic(file: string, text: string | Iterable<string>): Promise<void> {
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o600,
  );
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    if (typeof text === 'string') await handle.writeFile(text);
    else for (const chunk of text) await handle.writeFile(chunk);
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
