import type { Screen } from './context.js';

/** The keys of each screen, for the help bar (short) and the `?` overlay (all). */
export const SCREEN_KEYS: Record<Screen['kind'], [string, string][]> = {
  users: [['↑↓/jk', 'move'], ['enter', 'open'], ['/', 'filter'], ['n', 'new user'], ['PgUp/PgDn', 'page']],
  groups: [['↑↓/jk', 'move'], ['enter', 'open'], ['/', 'filter'], ['n', 'new group'], ['PgUp/PgDn', 'page']],
  permissions: [['↑↓/jk', 'move'], ['enter', 'who has it'], ['/', 'filter'], ['g/G', 'top/bottom']],
  matrix: [['↑↓/jk', 'groups'], ['←→/hl', 'permissions'], ['enter', 'choose app'], ['b', 'other app']],
  user: [['s', 'staff'], ['S', 'superuser'], ['A', 'active'], ['g', 'groups'], ['p', 'permissions'], ['w', 'why (a permission)'], ['D', 'remove'], ['jk', 'scroll']],
  group: [['p', 'permissions'], ['m', 'members'], ['r', 'rename'], ['D', 'remove'], ['jk', 'scroll']],
  permission: [['jk', 'scroll']],
  why: [['esc', 'back']],
  review: [['y', 'apply'], ['w', 'save plan (--plan-out)'], ['jk', 'scroll'], ['esc', 'back']],
  history: [['↑↓/jk', 'move'], ['enter', 'open/close'], ['/', 'filter'], ['esc', 'back']],
};

export const GLOBAL_KEYS: [string, string][] = [
  ['tab', 'section'],
  ['esc', 'back'],
  ['a', 'review & apply'],
  ['u', 'undo'],
  ['?', 'keys'],
  ['q', 'quit'],
  ['H', 'history'],
];

export const SECTIONS = ['users', 'groups', 'permissions', 'matrix'] as const;
