import { createHash } from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/database.js';
import { maskUrl } from '../db/mask.js';
import type { RecordOrigin, WayIn } from '../domain/audit/record.js';
import type { CommandContext } from './command.js';
import { VERSION } from './version.js';

/** Options whose value is a secret: the command line keeps the option and replaces its value by ***. */
const SECRET_OPTIONS = new Set(['--initial-password-hash', '--password', '--secret', '--token']);

/** The command line with secrets masked: password hashes, passwords in URLs and password= pairs. */
export function maskedCommandLine(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const eq = token.indexOf('=');
    if (token.startsWith('--') && eq > 0 && SECRET_OPTIONS.has(token.slice(0, eq))) out.push(`${token.slice(0, eq)}=***`);
    else if (SECRET_OPTIONS.has(token) && i + 1 < argv.length) {
      out.push(token, '***');
      i++;
    } else if (token.includes('://')) out.push(maskUrl(token));
    else out.push(token.replace(/(password=)[^&\s]*/gi, '$1***'));
  }
  return out;
}

/** A command line to read and paste: tokens that need it in single quotes. */
export function shellJoin(argv: string[]): string {
  return argv.map((t) => (/^[\w@%+=:,./*-]+$/.test(t) ? t : `'${t.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers).
    return env.USER ?? env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** Who applies, from where, with what: the fields of the record that are not the plan. */
export function recordOrigin(ctx: CommandContext, db: Database, wayIn: WayIn, actor: string | undefined): RecordOrigin {
  return {
    osUser: osUser(ctx.env),
    host: os.hostname(),
    version: VERSION,
    commandLine: shellJoin(['accessctl', ctx.name, ...maskedCommandLine(ctx.argv)]),
    wayIn,
    target: db.label,
    actor,
  };
}
