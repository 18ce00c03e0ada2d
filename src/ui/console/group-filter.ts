import { normalizeUsername } from '../../domain/names.js';
import { parsePermissionRef, permissionKey } from '../../domain/permission-ref.js';
import type { GroupFilter, GroupSort } from '../../domain/read-models.js';
import { quoted } from '../../domain/text.js';

/** The groups list's filters, typed as words: `empty` (`!empty`), `has:APP_LABEL:MODEL:CODENAME`, `member:USERNAME`. */
export function parseGroupFilter(text: string): { filter: GroupFilter } | { problem: string } {
  const filter: GroupFilter = {};
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (word === 'empty' || word === '!empty') filter.empty = word === 'empty';
    else if (word.startsWith('member:') && word.length > 7) filter.member = normalizeUsername(word.slice(7));
    else if (word.startsWith('has:')) {
      const ref = parsePermissionRef(word.slice(4));
      if (typeof ref === 'string') return { problem: ref };
      if (ref.model === undefined) return { problem: `has: needs APP_LABEL:MODEL:CODENAME, got ${quoted(word.slice(4))}` };
      filter.has = permissionKey({ ...ref, model: ref.model });
    } else return { problem: `unknown filter ${quoted(word)}: use empty (! for not), has:APP:MODEL:CODENAME, member:USERNAME` };
  }
  return { filter };
}

export function describeGroupFilter(filter: GroupFilter): string {
  const words: string[] = [];
  if (filter.empty !== undefined) words.push(filter.empty ? 'empty' : '!empty');
  if (filter.has !== undefined) words.push(`has:${filter.has}`);
  if (filter.member !== undefined) words.push(`member:${filter.member}`);
  return words.join(' ');
}

export const GROUP_SORTS: GroupSort[] = ['name', 'members', 'permissions'];
export const GROUP_SORT_NAMES: Record<GroupSort, string> = { name: 'name', members: 'members, most first', permissions: 'permissions, most first' };
