import { describe, expect, it } from 'vitest';
import type { Change } from '../domain/plan/changes.js';
import { jsonChange, jsonReport } from './plan-json.js';

// The public --json shape (README, "JSON output"), pinned: a change here breaks scripts.
describe('--json output, format_version 1', () => {
  it.each<[Change, object]>([
    [
      { type: 'content_type', action: 'create', appLabel: 'myapp', model: 'thing' },
      { action: 'add', object: 'content_type', key: { app_label: 'myapp', model: 'thing' } },
    ],
    [
      { type: 'permission', action: 'create', permission: 'myapp:thing:fly', name: 'Can fly' },
      { action: 'add', object: 'permission', key: { permission: 'myapp:thing:fly' }, values: { name: 'Can fly' } },
    ],
    [
      { type: 'permission', action: 'update', permission: 'myapp:thing:fly', field: 'name', from: 'a', to: 'b' },
      { action: 'change', object: 'permission', key: { permission: 'myapp:thing:fly' }, field: 'name', from: 'a', to: 'b' },
    ],
    [
      { type: 'permission', action: 'delete', permission: 'myapp:thing:fly', groups: 2, users: 1 },
      { action: 'remove', object: 'permission', key: { permission: 'myapp:thing:fly' }, values: { group_grants: 2, user_grants: 1 } },
    ],
    [
      { type: 'group', action: 'create', group: 'g' },
      { action: 'add', object: 'group', key: { group: 'g' } },
    ],
    [
      { type: 'group', action: 'update', group: 'g', field: 'name', from: 'g', to: 'h' },
      { action: 'change', object: 'group', key: { group: 'g' }, field: 'name', from: 'g', to: 'h' },
    ],
    [
      { type: 'group', action: 'delete', group: 'g', members: 3, permissions: 4 },
      { action: 'remove', object: 'group', key: { group: 'g' }, values: { members: 3, permissions: 4 } },
    ],
    [
      { type: 'user', action: 'create', username: 'u', email: 'u@x', isStaff: true, isSuperuser: false, isActive: true, password: 'random' },
      { action: 'add', object: 'user', key: { username: 'u' }, values: { email: 'u@x', is_staff: true, is_superuser: false, is_active: true, password: 'random' } },
    ],
    [
      { type: 'user', action: 'update', username: 'u', field: 'is_staff', from: false, to: true },
      { action: 'change', object: 'user', key: { username: 'u' }, field: 'is_staff', from: false, to: true },
    ],
    [
      { type: 'user', action: 'update', username: 'u', field: 'password', from: 'usable', to: 'unusable' },
      { action: 'change', object: 'user', key: { username: 'u' }, field: 'password', from: 'usable', to: 'unusable' },
    ],
    [
      { type: 'user', action: 'delete', username: 'u', email: 'u@x' },
      { action: 'remove', object: 'user', key: { username: 'u' }, values: { email: 'u@x' } },
    ],
    [
      { type: 'group_permission', action: 'add', group: 'g', permission: 'a:b:c' },
      { action: 'add', object: 'group_permission', key: { group: 'g', permission: 'a:b:c' } },
    ],
    [
      { type: 'user_group', action: 'remove', username: 'u', group: 'g' },
      { action: 'remove', object: 'user_group', key: { username: 'u', group: 'g' } },
    ],
    [
      { type: 'user_permission', action: 'add', username: 'u', permission: 'a:b:c' },
      { action: 'add', object: 'user_permission', key: { username: 'u', permission: 'a:b:c' } },
    ],
  ])('%o', (change, expected) => {
    expect(jsonChange(change)).toEqual(expected);
  });

  it('wraps the changes with the version, the outcome, the summary, warnings, notes and errors', () => {
    const plan = { changes: [{ type: 'group', action: 'create', group: 'g' } as const], warnings: ['w'], notes: ['n'] };
    expect(JSON.parse(JSON.stringify(jsonReport('dry-run', plan)))).toEqual({
      format_version: 1,
      outcome: 'dry-run',
      plan: { changes: [{ action: 'add', object: 'group', key: { group: 'g' } }], summary: { add: 1, change: 0, remove: 0 }, warnings: ['w'], notes: ['n'] },
      errors: [],
    });
    expect(jsonReport('invalid', undefined, ['bad'])).toEqual({ format_version: 1, outcome: 'invalid', plan: null, errors: ['bad'] });
  });
});
