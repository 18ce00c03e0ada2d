import { describe, expect, it } from 'vitest';
import { parseCommandArgs, usageLine } from '../src/framework/args.js';
import type { Command } from '../src/framework/command.js';
import { UsageError } from '../src/framework/errors.js';
import { run } from './support/targets.js';

const base = { help: 'demo', handle: async () => undefined };

describe('arguments after --', () => {
  const passing: Command = { ...base, name: 'tool', passThrough: 'psql', options: { flag: { type: 'boolean', help: 'f' } } };

  it('go untouched to a command that passes them on; options before -- are its own', () => {
    const parsed = parseCommandArgs(passing, ['--flag', '--verbosity', '2', '--', '-c', 'select 1', '--flag', '--', 'x']);
    expect(parsed.options).toMatchObject({ flag: true, verbosity: 2 });
    expect(parsed.passThrough).toEqual(['-c', 'select 1', '--flag', '--', 'x']);
    expect(usageLine(passing)).toBe('usage: accessctl tool [--flag] [options] [-- PSQL ARGS]');
  });

  it('are positional arguments for any other command, as before', () => {
    const plain: Command = { ...base, name: 'plain', arguments: [{ name: 'name', help: 'n' }] };
    const parsed = parseCommandArgs(plain, ['--', '-dash']);
    expect(parsed.args.name).toBe('-dash');
    expect(parsed.passThrough).toEqual([]);
  });
});

describe('choices', () => {
  const choosy: Command = {
    ...base,
    name: 'choosy',
    arguments: [{ name: 'shell', help: 's', choices: ['bash', 'zsh'] }],
    options: { format: { type: 'string', help: 'f', choices: ['yaml', 'json'] } },
  };

  it('accepts the listed values and refuses others with a usage error naming the value', () => {
    expect(parseCommandArgs(choosy, ['zsh', '--format', 'json'])).toMatchObject({ args: { shell: 'zsh' }, options: { format: 'json' } });
    expect(() => parseCommandArgs(choosy, ['tcsh'])).toThrow(
      new UsageError('argument SHELL: invalid choice: "tcsh" (choose from bash, zsh)', 'usage: accessctl choosy SHELL [--format FORMAT] [options]'),
    );
    expect(() => parseCommandArgs(choosy, ['bash', '--format', 'xml'])).toThrow('option --format: invalid choice: "xml" (choose from yaml, json)');
  });
});

describe('help', () => {
  it('lists the management commands beside manage_user', async () => {
    const { stdout } = await run(undefined, ['help']);
    for (const name of ['dbshell', 'showmigrations', 'sqlmigrate', 'shell', 'completion']) expect(stdout).toMatch(new RegExp(`\\n  ${name} +\\S`));
  });
});
