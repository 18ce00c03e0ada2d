import { readFile } from 'node:fs/promises';
import { quoted } from '../domain/text.js';
import type { CommandContext } from '../framework/command.js';
import { CommandError, UsageError } from '../framework/errors.js';

/** Keeps a hash off the command line, where `ps` shows it to every local user. */
export const HASH_ENV = 'ACCESSCTL_INITIAL_PASSWORD_HASH';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The initial password hash from --initial-password-hash, --initial-password-hash-file (- for
 * standard input) or $ACCESSCTL_INITIAL_PASSWORD_HASH; giving two of the options is a usage error.
 * The environment is a default, so --unusable-password or an option given overrides it.
 */
/** What the hash options need of a command's context (manage_user's and apply's options differ otherwise). */
interface HashOptions {
  options: { initialPasswordHash?: string; initialPasswordHashFile?: string; unusablePassword?: boolean };
  env: CommandContext['env'];
}

export async function initialPasswordHash(ctx: HashOptions): Promise<string | undefined> {
  const { initialPasswordHash: inline, initialPasswordHashFile: file, unusablePassword } = ctx.options;
  if (inline !== undefined && file !== undefined) throw new UsageError('give --initial-password-hash or --initial-password-hash-file, not both');
  if (unusablePassword && (inline !== undefined || file !== undefined)) {
    throw new UsageError('--unusable-password and an initial password hash contradict each other: give one');
  }
  if (inline !== undefined) return inline;
  if (file !== undefined) {
    // Typed on a terminal, the hash would be echoed and stay in the scrollback: it is read unseen.
    if (file === '-' && process.stdin.isTTY) {
      const { readHiddenLine } = await import('../ui/hidden-line.js');
      return readHiddenLine('Initial password hash (not shown; Enter ends it): ', process.stdin, process.stderr);
    }
    try {
      // One line: a file written by `echo` ends with a newline that is no part of the hash.
      return (file === '-' ? await readStdin() : await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const reason = ({ ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' } as Record<string, string>)[code ?? ''] ?? message;
      throw new CommandError(`cannot read the password hash file ${quoted(file)}: ${reason}`);
    }
  }
  if (unusablePassword) return undefined;
  const fromEnv = ctx.env[HASH_ENV];
  return fromEnv ? fromEnv : undefined;
}
