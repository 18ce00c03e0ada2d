import { describe, expect, it } from 'vitest';
import { emailProblem, groupNameProblem, usernameProblem } from '../../src/domain/names.js';
import { isIdentifier, parsePermissionRef } from '../../src/domain/permission-ref.js';

// Django's rules for names, with their ASCII fast paths: the Unicode cases must answer as Django does.

describe("Django's rules for the names accessctl writes", () => {
  it.each([
    ['myapp', true],
    ['_private', true],
    ['Thing2', true],
    ['café', true],
    ['ünïcode_1', true],
    ['x\u0301', true], // a combining mark after the first character
    ['a\u0661', true], // an Arabic-Indic digit after the first character
    ['\u0661a', false],
    ['2things', false],
    ['my-app', false],
    ['my app', false],
    ['', false],
  ])('identifier %j: %s', (name, ok) => {
    expect(isIdentifier(name)).toBe(ok);
  });

  it.each([
    ['groucho', undefined],
    ['g.marx+test@example.com', undefined],
    ['Zoë_1', undefined],
    ['名前', undefined],
    ['bad name', 'invalid username "bad name": use only letters, digits and @ . + - _'],
    ['tab\there', 'invalid username "tab\\there": use only letters, digits and @ . + - _'],
    ['x'.repeat(150), undefined],
    ['é'.repeat(150), undefined],
    ['😀'.repeat(150), 'invalid username "' + '😀'.repeat(150) + '": use only letters, digits and @ . + - _'],
  ])('username %j', (name, problem) => {
    expect(usernameProblem(name)).toBe(problem);
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    expect(usernameProblem('x'.repeat(151))).toMatch(/longer than 150 characters$/);
    expect(groupNameProblem('😀'.repeat(150))).toBeUndefined();
    expect(groupNameProblem('😀'.repeat(151))).toMatch(/longer than 150 characters$/);
    expect(emailProblem(`${'😀'.repeat(250)}@x.y`)).toBeUndefined();
    expect(emailProblem(`${'😀'.repeat(251)}@x.y`)).toMatch(/longer than 254 characters$/);
  });

  it('reads permission strings, and names the bad one', () => {
    expect(parsePermissionRef('myapp:Thing:add_thing')).toEqual({
      appLabel: 'myapp',
      model: 'thing',
      codename: 'add_thing',
      given: 'myapp:Thing:add_thing',
      path: undefined,
    });
    expect(parsePermissionRef('café.voir')).toEqual({ appLabel: 'café', codename: 'voir', given: 'café.voir', path: undefined });
    expect(parsePermissionRef('my-app:Thing:x')).toBe('invalid permission "my-app:Thing:x": the app label "my-app" is not a Python identifier, as Django requires');
    expect(parsePermissionRef('a:b')).toBe('invalid permission "a:b": use the form APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME');
    expect(parsePermissionRef('.x')).toBe('invalid permission ".x": use the form APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME');
  });
});
