import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { completionModel } from '../src/framework/completion/model.js';
import { zshScript } from '../src/framework/completion/zsh.js';
import type { Command } from '../src/framework/command.js';
import { describeEachTarget, DJANGO_TARGETS } from './support/each-target.js';
import { dumpAuth, embeddedTarget, run } from './support/targets.js';
import { existsSync } from 'node:fs';
import { tempFolder } from './support/temp-folders.js';

// The database tests open the embedded database twice (PGlite's cold start): slow on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

let script: string;
let scriptFile: string;

beforeAll(async () => {
  const printed = await run(undefined, ['completion', 'bash']);
  expect(printed.code).toBe(0);
  script = printed.stdout;
  scriptFile = path.join(tempFolder('accessctl-completion-'), 'accessctl.bash');
  writeFileSync(scriptFile, script);
});

/** What bash offers for the words typed so far (the last one is being completed), the way readline asks. */
function complete(words: string[], cwd?: string): string[] {
  const line = ['accessctl', ...words];
  const program = [
    `source ${JSON.stringify(scriptFile)}`,
    `COMP_WORDS=(${line.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ')})`,
    `COMP_CWORD=${line.length - 1}`,
    '_accessctl',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', cwd });
  return out.split('\n').filter(Boolean).sort();
}

describe('completion bash: bash itself completes', () => {
  it('command names', () => {
    expect(complete(['sh'])).toEqual(['shell', 'showmigrations']);
    expect(complete(['manage_'])).toEqual(['manage_group', 'manage_permission', 'manage_user']);
    expect(complete(['--verbosity', '2', 'db'])).toEqual(['dbshell']);
    expect(complete([''])).toContain('completion');
  });

  it("a command's options and the global ones", () => {
    expect(complete(['manage_user', '--su'])).toEqual(['--superuser']);
    expect(complete(['manage_user', '--sta'])).toEqual(['--staff']);
    expect(complete(['apply', '--pru'])).toEqual(['--prune', '--prune-superusers']);
    expect(complete(['check', '--d'])).toEqual(['--data-dir', '--database-url']);
    expect(complete(['export', '-'])).toContain('--format');
  });

  it('the values of choice options and arguments', () => {
    expect(complete(['graph', '--format', ''])).toEqual(['dot', 'mermaid']);
    expect(complete(['export', '--format', 'j'])).toEqual(['json']);
    expect(complete(['check', '--verbosity', ''])).toEqual(['0', '1', '2', '3']);
    expect(complete(['completion', ''])).toEqual(['bash', 'fish', 'zsh']);
    expect(complete(['help', 'manage_g'])).toEqual(['manage_group']);
  });

  it('files for FILE options and folders for --data-dir; nothing after dbshell --', () => {
    const dir = tempFolder('accessctl-files-');
    writeFileSync(path.join(dir, 'access.yaml'), '');
    mkdirSync(path.join(dir, 'adir'));
    expect(complete(['apply', '-f', 'a'], dir)).toEqual(['access.yaml', 'adir']);
    expect(complete(['check', '--data-dir', 'a'], dir)).toEqual(['adir']);
    expect(complete(['dbshell', '--', '-'])).toEqual([]);
  });
});

describe('completion scripts', () => {
  it('zsh and fish name every command and the choices', async () => {
    for (const shell of ['zsh', 'fish']) {
      const printed = await run(undefined, ['completion', shell]);
      expect(printed.code).toBe(0);
      for (const name of ['manage_user', 'showmigrations', 'dbshell', 'shell', 'completion']) expect(printed.stdout).toContain(name);
      expect(printed.stdout).toMatch(/mermaid dot/);
    }
    expect((await run(undefined, ['completion', 'zsh'])).stdout.startsWith('#compdef accessctl\n')).toBe(true);
  });

  it('an unknown shell is a usage error naming it', async () => {
    const result = await run(undefined, ['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: argument SHELL: invalid choice: "tcsh" (choose from bash, zsh, fish)');
  });

  it("help text with quotes and brackets stays inside zsh's quoting", () => {
    const command = { name: 'odd', help: "it's [odd]: yes", options: { x: { type: 'boolean', help: "a 'quote' [and] colon:" } }, handle: async () => 0 } as Command;
    const script = zshScript(completionModel([command]));
    expect(script).toContain("'odd:it'\\''s \\[odd\\]\\: yes'");
    expect(script).toContain("'--x[a '\\''quote'\\'' \\[and\\] colon\\:]'");
  });
});

describeEachTarget('completion', DJANGO_TARGETS, (make) => {
  it('never opens the database', async () => {
    const t = await make();
    const before = await dumpAuth(t);
    expect((await run(t, ['completion', 'bash'])).stdout).toBe(script);
    expect(await dumpAuth(t)).toBe(before);
  });
});

describe('completion on a new embedded database', () => {
  it('does not create it', async () => {
    const t = await embeddedTarget('new');
    expect((await run(t, ['completion', 'fish'])).code).toBe(0);
    expect(existsSync(t.dataDir!)).toBe(false);
  });
});
