import { parsePermissionRef, permissionKey } from '../../domain/permission-ref.js';
import type { UserFilter, UserSort } from '../../domain/read-models.js';
import { quoted } from '../../domain/text.js';

/**
 * The users list's admin-like filters, typed as words: `staff`, `!staff`, `superuser`, `active`
 * (each with `!` for "not"), `group:NAME`, `holds:APP_LABEL:MODEL:CODENAME`.
 */
export function parseUserFilter(text: string): { filter: UserFilter } | { problem: string } {
  const filter: UserFilter = {};
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const negated = word.startsWith('!');
    const flag = negated ? word.slice(1) : word;
    if (flag === 'staff' || flag === 'superuser' || flag === 'active') filter[flag] = !negated;
    else if (word.startsWith('group:') && word.length > 6) filter.group = word.slice(6);
    else if (word.startsWith('holds:')) {
      const ref = parsePermissionRef(word.slice(6));
      if (typeof ref === 'string') return { problem: ref };
      if (ref.model === undefined) return { problem: `holds: needs APP_LABEL:MODEL:CODENAME, got ${quoted(word.slice(6))}` };
      filter.holds = permissionKey({ ...ref, model: ref.model });
    } else return { problem: `unknown filter ${quoted(word)}: use staff, superuser, active (! for not), group:NAME, holds:APP:MODEL:CODENAME` };
  }
  return { filter };
}

export function describeUserFilter(filter: UserFilter): string {
  const words: string[] = [];
  for (const flag of ['staff', 'superuser', 'active'] as const) if (filter[flag] !== undefined) words.push(`${filter[flag] ? '' : '!'}${flag}`);
  if (filter.group !== undefined) words.push(`group:${filter.group}`);
  if (filter.holds !== undefined) words.push(`holds:${filter.holds}`);
  return words.join(' ');
}

export const SORTS: UserSort[] = ['username', 'last_login', 'date_joined'];
export const SORT_NAMES: Record<UserSort, string> = { username: 'username', last_login: 'last login, newest first', date_joined: 'date joined, newest first' };
