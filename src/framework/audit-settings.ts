import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDurationDays } from '../domain/audit/filters.js';
import { quoted } from '../domain/text.js';
import { CommandError } from './errors.js';

/** The settings of the change log, the admin history and log retention. */
export interface AuditSettings {
  /** `required` (default): applying refuses on a database without the change log. `optional`: applies unrecorded, with a warning. */
  changeLog: 'required' | 'optional';
  /** The Django user whose admin history shows the changes (--actor, ACCESSCTL_ACTOR, config `actor`). */
  actor?: string;
  /** Records younger than this many days are never pruned; unset: `log --prune-before` is refused. */
  logRetentionDays?: number;
}

interface RawSettings {
  changeLog?: unknown;
  actor?: unknown;
  logRetention?: unknown;
}

/** The project's settings: ./accessctl.config.json, else the `accessctl` key of ./package.json. */
function projectSettings(cwd: string): { raw: RawSettings; source: string } {
  for (const [file, pick] of [
    ['accessctl.config.json', (json: unknown) => json],
    ['package.json', (json: unknown) => (json as { accessctl?: unknown } | null)?.accessctl],
  ] as const) {
    const full = path.join(cwd, file);
    if (!existsSync(full)) continue;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(full, 'utf8'));
    } catch (error) {
      if (file === 'package.json') continue;
      throw new CommandError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const raw = pick(json);
    if (raw && typeof raw === 'object') return { raw, source: file };
  }
  return { raw: {}, source: '' };
}

/** Command-line option, then environment, then the project's config file. Every bad value is named. */
export function readAuditSettings(options: { actor?: string }, env: NodeJS.ProcessEnv, cwd: string): AuditSettings {
  const { raw, source } = projectSettings(cwd);
  const where = (key: string, envName: string) => (env[envName] !== undefined && env[envName] !== '' ? envName : `${source} ${key}`);
  const pick = (key: keyof RawSettings, envName: string): unknown => (env[envName] !== undefined && env[envName] !== '' ? env[envName] : raw[key]);

  const changeLog = pick('changeLog', 'ACCESSCTL_CHANGE_LOG') ?? 'required';
  if (changeLog !== 'required' && changeLog !== 'optional') {
    throw new CommandError(`invalid changeLog ${quoted(String(changeLog))} (${where('changeLog', 'ACCESSCTL_CHANGE_LOG')}): use "required" or "optional"`);
  }
  const actor = options.actor ?? pick('actor', 'ACCESSCTL_ACTOR');
  if (actor !== undefined && (typeof actor !== 'string' || actor === '')) throw new CommandError(`invalid actor ${quoted(String(actor))}: name a Django user`);
  const retention = pick('logRetention', 'ACCESSCTL_LOG_RETENTION');
  let logRetentionDays: number | undefined;
  if (retention !== undefined) {
    try {
      logRetentionDays = parseDurationDays(String(retention), `logRetention (${where('logRetention', 'ACCESSCTL_LOG_RETENTION')})`);
    } catch (error) {
      throw new CommandError((error as Error).message);
    }
  }
  return { changeLog, actor: actor as string | undefined, logRetentionDays };
}
