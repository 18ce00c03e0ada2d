import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file and folder under dir with a group or other permission bit, as "mode path". */
export function tooOpen(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    const stats = lstatSync(current);
    if (stats.mode & 0o077) found.push(`${(stats.mode & 0o777).toString(8)} ${current}`);
    if (stats.isDirectory()) for (const entry of readdirSync(current)) walk(path.join(current, entry));
  };
  walk(dir);
  return found;
}
