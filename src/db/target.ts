import os from 'node:os';
import path from 'node:path';

export type DatabaseTarget = { kind: 'server'; url: string } | { kind: 'embedded'; dataDir: string };

/**
 * --database-url, then DATABASE_URL, then the embedded database in --data-dir or ACCESSCTL_DATA_DIR;
 * then the project's config file (databaseUrl, else dataDir relative to its folder); else the XDG data folder.
 */
export function resolveTarget(
  options: { databaseUrl?: string; dataDir?: string },
  env: NodeJS.ProcessEnv,
  cwd: string,
  config: { databaseUrl?: string; dataDir?: string; dir?: string } = {},
): DatabaseTarget {
  const url = options.databaseUrl || env.DATABASE_URL;
  if (url) return { kind: 'server', url };
  const dir = options.dataDir || env.ACCESSCTL_DATA_DIR;
  if (dir) return { kind: 'embedded', dataDir: path.resolve(cwd, dir) };
  if (config.databaseUrl) return { kind: 'server', url: config.databaseUrl };
  if (config.dataDir) return { kind: 'embedded', dataDir: path.resolve(config.dir ?? cwd, config.dataDir) };
  const xdg = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return { kind: 'embedded', dataDir: path.join(xdg, 'accessctl') };
}
