import { describe, expect, it } from 'vitest';
import { loadAccessFile } from '../../src/domain/access-file/load.js';
import { toDesiredState } from '../../src/domain/access-file/to-desired.js';
import { parseCommandArgs } from '../../src/framework/args.js';
import { splitCommandName } from '../../src/framework/command-name.js';
import type { Command } from '../../src/framework/command.js';
import { UsageError } from '../../src/framework/errors.js';

// Pure: what a file or a command line means, before any database is asked.

describe('access file -> desired state', () => {
  it.each<[string, string, object]>([
    [
      'omitted staff and superuser are false, active defaults to true, lists are exact',
      'users:\n  groucho: {email: g@example.com, groups: [editors]}\n',
      {
        users: [
          expect.objectContaining({
            username: 'groucho',
            email: 'g@example.com',
            present: true,
            isStaff: false,
            isSuperuser: false,
            isActive: true,
            groups: { exact: ['editors'] },
          }),
        ],
      },
    ],
    [
      'a group with its permissions, the model in any case',
      'groups:\n  editors: [myapp:Thing:add_thing]\n',
      {
        groups: [
          expect.objectContaining({
            name: 'editors',
            present: true,
            permissions: { exact: [expect.objectContaining({ appLabel: 'myapp', model: 'thing', codename: 'add_thing' })] },
          }),
        ],
      },
    ],
    ['JSON works too', '{"groups": {"g": []}}', { groups: [expect.objectContaining({ name: 'g', present: true, permissions: { exact: [] } })] }],
  ])('%s', (_title, text, expected) => {
    const { desired, problems } = toDesiredState(loadAccessFile(text).document);
    expect(problems).toEqual([]);
    expect(desired).toMatchObject(expected);
  });

  it.each([['a malformed permission, at its place', 'groups:\n  g: [fail]\n', { message: expect.stringContaining('"fail"'), path: ['groups', 'g', 0] }]])(
    'reports %s',
    (_title, text, problem) => {
      expect(toDesiredState(loadAccessFile(text).document).problems).toEqual([problem]);
    },
  );

  it.each([
    ['an unknown key', 'flavour: 1\n', /unknown key "flavour"/],
    ['a wrong type', 'users:\n  g: {email: e, staff: "yes"}\n', /expected boolean, got string/],
  ])('refuses %s before planning', (_title, text, message) => {
    expect(() => loadAccessFile(text)).toThrow(message);
  });
});

describe('argument parsing', () => {
  const command: Command = {
    name: 'demo',
    help: 'demo',
    arguments: [{ name: 'name', help: 'a name' }],
    options: {
      permissions: { type: 'string', shortFlag: 'p', isMultiple: true, help: 'list' },
      format: { type: 'string', choices: ['yaml', 'json'], help: 'format' },
      remove: { type: 'boolean', help: 'flag' },
    },
    handle: async () => undefined,
  };

  it.each<[string[], object]>([
    [['g'], { args: { name: 'g' }, options: { permissions: [], remove: false, format: undefined, verbosity: 1, noColor: false } }],
    [['g', '-p', 'a', 'b', '--remove'], { options: { permissions: ['a', 'b'], remove: true } }],
    [['-p', 'a', '--permissions', 'b', '--', 'g'], { args: { name: 'g' }, options: { permissions: ['a', 'b'] } }],
    [['g', '--format', 'json', '--no-color', '--verbosity', '2'], { options: { format: 'json', noColor: true, verbosity: 2 } }],
  ])('%j', (argv, expected) => {
    expect(parseCommandArgs(command, argv)).toMatchObject(expected);
  });

  it.each<[string[], string]>([
    [[], 'the following arguments are required: NAME'],
    [['g', 'h'], 'unrecognized arguments: h'],
    [['g', '--nope'], 'unrecognized option: --nope'],
    [['g', '--format', 'xml'], 'option --format: invalid choice: "xml" (choose from yaml, json)'],
    [['g', '--format', '\u001b[31mx'], 'option --format: invalid choice: "\\e[31mx" (choose from yaml, json)'],
    [['g', '--remove', '--remove', '--format', 'json', '--format', 'yaml'], 'option --format given more than once'],
    [['g', '--verbosity', 'x'], 'option --verbosity: invalid number: "x"'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCommandArgs(command, argv)).toThrow(UsageError);
    expect(() => parseCommandArgs(command, argv)).toThrow(message);
  });

  it.each<[string[], { name?: string; rest: string[] }]>([
    [['check'], { name: 'check', rest: [] }],
    [['--data-dir', 'd', 'check', '-y'], { name: 'check', rest: ['--data-dir', 'd', '-y'] }],
    [['--no-color'], { name: undefined, rest: ['--no-color'] }],
  ])('splits %j', (argv, expected) => {
    expect(splitCommandName(argv)).toEqual(expected);
  });
});
