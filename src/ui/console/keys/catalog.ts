import type { Screen } from '../context.js';

/** A key shown in the footer and the help screen; lower `rank` stays visible on a narrow terminal. */
export interface KeyHint {
  keys: string;
  what: string;
  rank: number;
  /** Edits something: hidden in read-only mode. */
  edits?: boolean;
}

const hint = (keys: string, what: string, rank: number, edits = false): KeyHint => ({ keys, what, rank, edits });

const LIST = [
  hint('↑↓/jk', 'move', 1),
  hint('enter', 'open', 1),
  hint('/', 'filter', 2),
  hint('space', 'select', 4),
  hint('g/G', 'top/end', 6),
  hint('PgUp/PgDn', 'page', 7),
  hint('^u', 'clear filter', 8),
];

export const SCREEN_KEYS: Record<Screen['kind'], KeyHint[]> = {
  users: [...LIST, hint('c', 'new user', 3, true), hint('m', 'groups of selected', 5, true), hint('o', 'sort', 6), hint('f', 'filters', 6)],
  groups: [...LIST, hint('c', 'new group', 3, true), hint('N', 'open the new group', 5), hint('o', 'sort', 6)],
  permissions: [hint('↑↓/jk', 'move', 1), hint('enter', 'who holds it', 1), hint('/', 'filter', 2), hint('g/G', 'top/end', 6), hint('c', 'new permission', 5, true)],
  matrix: [
    hint('↑↓/jk', 'groups', 1),
    hint('←→/hl', 'permissions', 1),
    hint('enter', 'choose app', 2),
    hint('space', 'toggle cell', 2, true),
    hint('/', 'filter models', 4),
    hint('b', 'other app', 3),
  ],
  user: [
    hint('s', 'staff', 1, true),
    hint('S', 'superuser', 2, true),
    hint('A', 'active', 2, true),
    hint('g', 'groups', 1, true),
    hint('p', 'permissions', 1, true),
    hint('w', 'why (a permission)', 3),
    hint('P', 'unusable password', 5, true),
    hint('e', 'edit new user', 5, true),
    hint('D', 'remove', 4, true),
    hint('jk', 'scroll', 6),
    hint('/', 'find', 5),
    hint('n/N', 'next/previous found', 7),
  ],
  group: [
    hint('p', 'permissions', 1, true),
    hint('m', 'members', 1, true),
    hint('r', 'rename', 3, true),
    hint('D', 'remove', 4, true),
    hint('jk', 'scroll', 6),
    hint('/', 'find', 5),
    hint('n/N', 'next/previous found', 7),
  ],
  permission: [hint('jk', 'scroll', 3)],
  why: [],
  review: [hint('y', 'apply', 1, true), hint('w', 'save plan (--plan-out)', 4), hint('jk', 'scroll', 3)],
  history: [hint('↑↓/jk', 'move', 1), hint('enter', 'open/close', 1), hint('/', 'filter', 2)],
};

/** Keys of every screen; `esc back` is listed here only, once. */
export const GLOBAL_KEYS: KeyHint[] = [
  hint('tab/1-4', 'section', 2),
  hint('esc', 'back', 3),
  hint('a', 'review & apply', 2, true),
  hint('u', 'undo', 3, true),
  hint('r/^r', 'refresh', 9),
  hint('H', 'history', 5),
  hint('?', 'keys', 0),
  hint('q', 'quit', 0),
];

export const SECTIONS = ['users', 'groups', 'permissions', 'matrix'] as const;

export const SCREEN_TITLES: Record<Screen['kind'], string> = {
  users: 'Users list',
  groups: 'Groups list',
  permissions: 'Permissions',
  matrix: 'Matrix (groups × permissions of one app)',
  user: 'A user',
  group: 'A group',
  permission: 'A permission (who holds it)',
  why: 'Why a user holds a permission',
  history: 'History (the change log)',
  review: 'Review',
};
