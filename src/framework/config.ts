import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidInput } from '../domain/errors.js';
import { quoted } from '../domain/text.js';
import { CommandError } from './errors.js';

/** The project's configuration file, committed with the project: accessctl.config.json in the working folder. */
export const CONFIG_FILE = 'accessctl.config.json';

export interface ProjectConfig {
  /** Where it came from, for messages ("accessctl.config.json" or "package.json#accessctl"). */
  source?: string;
  /** Folder the file is in: relative paths in it are relative to it. */
  dir?: string;
  userModel?: string;
  usernameField?: string;
  emailField?: string;
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  tables?: { user?: string; groups?: string; permissions?: string };
  newUserValues?: Record<string, string | number | boolean | null>;
  commandDirs?: string[];
}

/** The raw `accessctl` settings of the working folder: accessctl.config.json, else package.json's "accessctl" key. */
export function readProjectSettings(cwd: string): { source: string; value: unknown } | undefined {
  const file = path.join(cwd, CONFIG_FILE);
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (caught) {
      const error = caught as NodeJS.ErrnoException;
      throw new CommandError(`cannot read ${CONFIG_FILE}: ${error?.code === 'EACCES' ? 'permission denied' : error?.message}`);
    }
    try {
      return { source: CONFIG_FILE, value: JSON.parse(text) };
    } catch (caught) {
      const error = caught as NodeJS.ErrnoException;
      throw new CommandError(`${CONFIG_FILE} is not valid JSON: ${String(error?.message).split('\n')[0]}`);
    }
  }
  const manifest = path.join(cwd, 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    const value = JSON.parse(readFileSync(manifest, 'utf8'))?.accessctl;
    return value === undefined ? undefined : { source: 'package.json#accessctl', value };
  } catch {
    // A package.json that is not ours to judge: its accessctl key is simply not there.
    return undefined;
  }
}

const identifier = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * The project configuration, checked with zod: every problem is one line naming the key and the bad
 * value. zod is loaded only here, when a command opens the database (help and --version never do).
 */
export async function loadProjectConfig(cwd: string): Promise<ProjectConfig> {
  const raw = readProjectSettings(cwd);
  if (!raw) return {};
  const { z } = await import('zod');
  const name = z.string().min(1).max(63).regex(identifier, 'expected a table or column name');
  const schema = z.strictObject({
    userModel: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/, 'expected APP_LABEL.MODEL, as AUTH_USER_MODEL (e.g. "accounts.User")')
      .optional(),
    usernameField: name.optional(),
    emailField: name.optional(),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected postgres://USER:PASSWORD@HOST:PORT/DATABASE')
      .optional(),
    dataDir: z.string().min(1).optional(),
    schema: z.string().min(1).max(63).optional(),
    tables: z.strictObject({ user: name.optional(), groups: name.optional(), permissions: name.optional() }).optional(),
    newUserValues: z.record(name, z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    commandDirs: z.array(z.string()).optional(),
    // The change log's settings, read and checked by audit-settings.ts.
    changeLog: z.string().optional(),
    actor: z.string().optional(),
    logRetention: z.union([z.string(), z.number()]).optional(),
    // A missing group is an error (settings.ts reads it, beside --strict and $ACCESSCTL_STRICT).
    strict: z.boolean().optional(),
  });
  const result = schema.safeParse(raw.value, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const at = issue.path.length ? issue.path.join('.') : '(the whole file)';
      const detail =
        issue.code === 'unrecognized_keys'
          ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => quoted(k)).join(', ')}`
          : issue.code === 'invalid_type'
            ? `expected ${issue.expected}`
            : issue.code === 'invalid_key'
              ? 'expected a column name'
              : issue.message.replace(/^Invalid input: /, '');
      const input = (issue as { input?: unknown }).input;
      // A database URL may hold a password: never echoed.
      const got =
        issue.code === 'unrecognized_keys' || input === undefined || issue.path[0] === 'databaseUrl'
          ? ''
          : `, got ${typeof input === 'string' ? quoted(input) : Array.isArray(input) ? 'a list' : input === null ? 'null' : typeof input}`;
      return `${raw.source}: ${at}: ${detail}${got}`;
    });
    throw new InvalidInput(lines);
  }
  return { ...result.data, source: raw.source, dir: cwd };
}
