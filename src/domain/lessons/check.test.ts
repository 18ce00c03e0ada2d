import { describe, expect, it } from 'vitest';
import type { CurrentState } from '../plan/current-state.js';
import { answerMatches, normalizedAnswer, unmetConditions } from './check.js';

const state: CurrentState = {
  users: new Map([
    [
      'maria',
      {
        id: 1,
        username: 'maria',
        email: 'maria@example.com',
        isStaff: true,
        isSuperuser: false,
        isActive: true,
        usablePassword: true,
        groups: new Set(['warehouse']),
        permissions: new Set(['shop:order:view_order']),
      },
    ],
  ]),
  groups: new Map([['refunds', { id: 1, name: 'refunds', members: 0, permissions: new Set(['shop:order:refund_order', 'shop:order:change_order']) }]]),
  catalogue: [],
  activeSuperusers: [],
};

describe('a state check is a partial access file: what it names must hold, the rest is not looked at', () => {
  it('holds when every named key matches (model names in any case)', () => {
    expect(
      unmetConditions(
        { users: new Map([['maria', { staff: true, groups: ['warehouse'], permissions: ['shop:Order:view_order'] }]]), groups: new Map([['refunds', null]]) },
        state,
      ),
    ).toEqual([]);
  });

  it('says what is missing or extra, each value quoted', () => {
    expect(
      unmetConditions(
        {
          users: new Map([
            ['maria', { superuser: true, active: true, email: 'MARIA@example.com', groups: ['support_agents'] }],
            ['bo\u001bb', {}],
          ]),
          groups: new Map([
            ['refunds', ['shop:order:refund_order', 'shop:order:view_order']],
            ['auditors', null],
          ]),
        },
        state,
      ),
    ).toEqual([
      'group "refunds" lacks shop:order:view_order',
      'group "refunds" also has shop:order:change_order',
      'group "auditors" does not exist',
      'user "maria" is not superuser',
      'user "maria" lacks group "support_agents"',
      'user "maria" also has group "warehouse"',
      'user "bo\\eb" does not exist',
    ]);
  });
});

describe('answers', () => {
  it('ignore case, spaces, commas and the order of words', () => {
    expect(normalizedAnswer(' Warehouse,finance ')).toBe(normalizedAnswer('finance warehouse'));
    const step = { task: 't', check: { question: 'q', answer: ['-f', '--file'] } };
    expect(answerMatches(step, '--FILE')).toBe(true);
    expect(answerMatches(step, '-p')).toBe(false);
  });
});
