import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailable } from '../src/db/errors.js';
import { parseCommandArgs } from '../src/framework/args.js';
import { splitCommandName } from '../src/framework/command-name.js';
import { defineCommand, type Command } from '../src/framework/command.js';
import { discoverCommands } from '../src/framework/discovery.js';
import { CommandError } from '../src/framework/errors.js';
import { OutputWrapper, StringSink } from '../src/framework/output.js';
import { callCommand } from '../src/framework/runner.js';
import { cleanEnv, embeddedTarget, run } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const folderA = fileURLToPath(new URL('./fixtures/commands-a', import.meta.url));
const folderB = fileURLToPath(new URL('./fixtures/commands-b', import.meta.url));
const BUILT_IN = ['check', 'help', 'manage_group', 'manage_permission', 'manage_user', 'migrate'];

describe('command discovery', () => {
  it('finds every built-in command file and no file starting with _', () => {
    const names = [...discoverCommands(cleanEnv(), process.cwd()).keys()];
    for (const name of BUILT_IN) expect(names).toContain(name);
    expect(names.some((n) => n.startsWith('_'))).toBe(false);
  });

  it('adds commands from ACCESSCTL_COMMAND_DIRS; on a clash the earlier folder wins, before the built-in ones', async () => {
    const commands = discoverCommands(cleanEnv({ ACCESSCTL_COMMAND_DIRS: [folderB, folderA].join(path.delimiter) }), process.cwd());
    expect(commands.get('hello')!.origin).toBe(folderB);
    expect(commands.has('_helper')).toBe(false);
    expect(commands.get('check')!.origin).toBe(folderB);
    const reversed = discoverCommands(cleanEnv({ ACCESSCTL_COMMAND_DIRS: [folderA, folderB].join(path.delimiter) }), process.cwd());
    expect(reversed.get('hello')!.origin).toBe(folderA);
    expect(reversed.get('check')!.origin).toBe(folderB);
  });

  it("reads the folders from the `accessctl` key of the current project's package.json", () => {
    const project = tempFolder('accessctl-project-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ accessctl: { commandDirs: [folderA] } }));
    expect(discoverCommands(cleanEnv(), project).get('hello')!.origin).toBe(folderA);
  });

  it('shows extra commands in help, and runs them with the same database services', async () => {
    const env = cleanEnv({ ACCESSCTL_COMMAND_DIRS: folderA });
    const help = await run(undefined, ['help'], { env });
    expect(help.stdout).toMatch(/hello\s+Say hello \(from folder a\)/);
    expect(help.stdout).toMatch(/manage_user\s+Ensure a user exists/);
    const t = await embeddedTarget('migrated');
    const hello = await run(t, ['hello', 'world', '--shout'], { env });
    expect(hello).toMatchObject({ code: 0, stdout: 'HELLO WORLD (0 USERS)\n' });
    const pending = await run(t, ['ensure_team', 'groucho', '--dry-run', '--json', '--detailed-exitcode'], { env });
    expect(pending.code).toBe(2);
    expect(JSON.parse(pending.stdout)).toMatchObject({ outcome: 'dry-run' });
    const refused = await run(t, ['ensure_team', 'groucho'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Re-run with --yes');
    const team = await run(t, ['ensure_team', 'groucho', '--yes'], { env });
    expect(team.code).toBe(0);
    expect(team.stderr).toContain('+ group team');
    expect(team.stderr).toContain('+ user groucho: group team');
    expect((await run(t, ['ensure_team', 'groucho', '--yes'], { env })).stderr).toContain('No changes.');
    const joined = await run(t, ['join_team', 'harpo', '-y'], { env });
    expect(joined.code).toBe(0);
    expect(joined.stderr).toContain('+ user harpo: group team');
  });
});

describe('arguments', () => {
  const command: Command = {
    name: 'demo',
    help: 'demo',
    arguments: [{ name: 'name', help: 'a name' }],
    options: {
      permissions: { type: 'string', shortFlag: 'p', isMultiple: true, help: 'list' },
      remove: { type: 'boolean', help: 'flag' },
    },
    handle: async () => undefined,
  };

  it('takes several values after one list flag, argparse-style, and repeated flags too', () => {
    expect(parseCommandArgs(command, ['g', '-p', 'a', 'b', 'c', '--remove']).options).toMatchObject({ permissions: ['a', 'b', 'c'], remove: true });
    expect(parseCommandArgs(command, ['-p', 'a', '--permissions', 'b', '--', 'g']).options.permissions).toEqual(['a', 'b']);
    expect(parseCommandArgs(command, ['g']).options.permissions).toEqual([]);
  });

  it('finds the command name after global options that take values', () => {
    expect(splitCommandName(['--database-url', 'postgres://x', '--no-color', 'check', '--verbosity', '2'])).toEqual({
      name: 'check',
      rest: ['--database-url', 'postgres://x', '--no-color', '--verbosity', '2'],
    });
  });

  it('takes global options before and after the command name', async () => {
    const t = await embeddedTarget('migrated');
    const before = await run(undefined, ['--data-dir', t.dataDir!, '--verbosity', '0', 'manage_group', 'g', '--yes']);
    const after = await run(undefined, ['manage_group', 'g2', '--yes', '--data-dir', t.dataDir!, '--verbosity=0']);
    expect(before).toMatchObject({ code: 0, stderr: '' });
    expect(after).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 2 with the usage line for unknown options, missing arguments and bad values', async () => {
    for (const [argv, message] of [
      [['manage_group', 'g', '--bogus'], 'unrecognized option: --bogus'],
      [['manage_user', 'groucho'], 'the following arguments are required: EMAIL'],
      [['manage_group', 'g', 'extra'], 'unrecognized arguments: extra'],
      [['check', '--verbosity', 'loud'], 'invalid number: "loud"'],
      [['check', '--verbosity', '7'], 'invalid choice: 7'],
    ] as const) {
      const result = await run(undefined, [...argv]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^usage: accessctl /);
      expect(result.stderr).toContain(message);
    }
  });

  it('suggests the nearest command for an unknown one', async () => {
    const result = await run(undefined, ['manage_usr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown command: 'manage_usr'. Did you mean 'manage_user'?");
  });
});

describe('help and version', () => {
  it('lists every command with its one line of help', async () => {
    const result = await run(undefined, ['help']);
    expect(result.code).toBe(0);
    for (const name of BUILT_IN) expect(result.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
  });

  it("shows a command's usage, arguments and options with --help, -h or help COMMAND", async () => {
    for (const argv of [
      ['manage_group', '--help'],
      ['manage_group', '-h'],
      ['help', 'manage_group'],
    ]) {
      const result = await run(undefined, argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('usage: accessctl manage_group GROUP [-p APP_LABEL:MODEL:CODENAME ...] [--remove]');
      expect(result.stdout).toContain('--database-url URL');
    }
  });

  it('lists the commands with --help or -h and no command, even on a terminal', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await run(undefined, [flag], { interactive: true });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Commands:');
    }
  });

  it('prints help, not a console, without a terminal and without a command', async () => {
    const result = await run(undefined, []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Commands:');
  });

  it('prints the version with --version', async () => {
    const result = await run(undefined, ['--version']);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('errors and output', () => {
  const failing = (code: number): Command => ({
    name: 'fail',
    help: 'fails',
    handle: async () => {
      throw new CommandError('it went wrong', code);
    },
  });

  it('prints a CommandError as one line and returns its code; the stack only with --traceback', async () => {
    const commands = new Map([['fail', { name: 'fail', origin: 'test', load: async () => failing(3) }]]);
    const stderr = new StringSink();
    expect(await callCommand('fail', [], { commands, stderr, env: cleanEnv() })).toBe(3);
    expect(stderr.text).toBe('Error: it went wrong\n');
    const traced = new StringSink();
    await callCommand('fail', ['--traceback'], { commands, stderr: traced, env: cleanEnv() });
    expect(traced.text).toMatch(/Error: it went wrong\nCommandError: it went wrong\n\s+at /);
  });

  it('says an unexpected error is a bug and how to report it; a database error stays one line', async () => {
    const throwing = (error: Error): Command => ({ name: 'throws', help: 'throws', handle: async () => Promise.reject(error) });
    const commandsFor = (error: Error) => new Map([['throws', { name: 'throws', origin: 'test', load: async () => throwing(error) }]]);
    const bug = new StringSink();
    expect(await callCommand('throws', [], { commands: commandsFor(new TypeError('x is undefined')), stderr: bug, env: cleanEnv() })).toBe(1);
    expect(bug.text).toMatch(
      /^Error: x is undefined\nThis is a bug in accessctl \S+\. Please report it with the command you ran and what it prints with --traceback added\.\n$/,
    );
    const traced = new StringSink();
    await callCommand('throws', ['--traceback'], { commands: commandsFor(new TypeError('x is undefined')), stderr: traced, env: cleanEnv() });
    expect(traced.text).toMatch(/This is a bug in accessctl .*\nTypeError: x is undefined\n\s+at /);
    const unavailable = new StringSink();
    expect(
      await callCommand('throws', [], { commands: commandsFor(new DatabaseUnavailable('could not connect to db: timed out')), stderr: unavailable, env: cleanEnv() }),
    ).toBe(1);
    expect(unavailable.text).toBe('Error: could not connect to db: timed out\n');
  });

  it('adds a line ending unless one is given, and colours only on a terminal without --no-color or NO_COLOR', async () => {
    const sink = new StringSink();
    const out = new OutputWrapper(sink, false);
    out.write('a');
    out.write('b\n');
    out.write('c', undefined, '');
    expect(sink.text).toBe('a\nb\nc');
    const tty = Object.assign(new StringSink(), { isTTY: true });
    const styled = defineCommand({ help: 'x', handle: async ({ stdout }) => stdout.write('ok', 'SUCCESS') });
    const commands = new Map([['styled', { name: 'styled', origin: 'test', load: async () => ({ ...styled, name: 'styled' }) }]]);
    await callCommand('styled', [], { commands, stdout: tty, env: cleanEnv() });
    expect(tty.text).toBe('\u001b[32mok\u001b[39m\n');
    for (const [argv, env] of [
      [['--no-color'], cleanEnv()],
      [[], cleanEnv({ NO_COLOR: '1' })],
    ] as const) {
      const plain = Object.assign(new StringSink(), { isTTY: true });
      await callCommand('styled', [...argv], { commands, stdout: plain, env });
      expect(plain.text).toBe('ok\n');
    }
  });
});
