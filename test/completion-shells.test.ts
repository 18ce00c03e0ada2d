import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './support/tmux.js';
import { tempFolder } from './support/temp-folders.js';

// zsh and fish complete through the scripts the built binary prints, as a user's shell would load them.
const has = (shell: string) => spawnSync(shell, ['-c', 'true'], { stdio: 'ignore' }).status === 0;
const hasZsh = has('zsh');
const hasFish = has('fish');
if ((!hasZsh || !hasFish) && process.env.CI === 'true') throw new Error('zsh and fish are needed for the completion tests in CI');

let dir: string;

beforeAll(() => {
  dir = tempFolder('accessctl-shells-');
  mkdirSync(path.join(dir, 'bin'));
  const wrapper = path.join(dir, 'bin', 'accessctl');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(wrapper, 0o755);
  for (const [shell, file] of [
    ['zsh', '_accessctl'],
    ['fish', 'accessctl.fish'],
  ]) {
    writeFileSync(path.join(dir, file!), execFileSync(process.execPath, [BIN, 'completion', shell!], { encoding: 'utf8' }));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What fish offers for the line typed so far (`complete -C`, fish's own query). */
function fish(line: string): string[] {
  const program = `source ${path.join(dir, 'accessctl.fish')}; complete -C ${JSON.stringify(line)}`;
  const out = execFileSync('fish', ['--no-config', '-c', program], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}/bin:${process.env.PATH}` } });
  return out.split('\n').filter(Boolean);
}

/**
 * What zsh lists after Tab on the line, in an interactive zsh on a pseudo-terminal (zpty) with compinit
 * and the script on fpath; it waits until the terminal shows `until` (a zsh pattern), never for a time.
 * no_beep: a beep makes zsh drop what was typed ahead.
 */
function zsh(line: string, until: string): string {
  const program = [
    'zmodload zsh/zpty',
    'zpty z zsh -f -i',
    `zpty -w z "PS1='%% '; fpath=(${dir} \\$fpath); PATH=${dir}/bin:\\$PATH; autoload -U compinit; compinit -u; zstyle ':completion:*' list-prompt ''; setopt no_beep"`,
    `zpty -w -n z $'${line}\\t'`,
    `zpty -r z out '${until}'`,
    'print -r -- "$out"',
    'zpty -d z',
  ].join('\n');
  const out = execFileSync('timeout', ['30', 'zsh', '-f', '-c', program], { encoding: 'utf8' });
  return out.replace(/\x1b\[[0-9;?]*[A-Za-z]|\r|\x07|.\x08/g, '');
}

describe.skipIf(!hasFish)('completion fish: fish itself completes', () => {
  it('command names with their descriptions', () => {
    expect(fish('accessctl manage_')).toEqual([
      expect.stringMatching(/^manage_group\t/),
      expect.stringMatching(/^manage_permission\t/),
      expect.stringMatching(/^manage_user\t/),
    ]);
  });

  it("a command's options, the global ones, and choices", () => {
    expect(fish('accessctl manage_user --st')).toEqual([expect.stringMatching(/^--staff\tthe user is staff/), expect.stringMatching(/^--strict\t/)]);
    expect(fish('accessctl completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(fish('accessctl graph --format ').map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(['mermaid', 'dot']));
    expect(fish('accessctl manage_user groucho x@example.com --data-d')).toEqual([expect.stringMatching(/^--data-dir\t/)]);
  });
});

describe.skipIf(!hasZsh)('completion zsh: zsh itself completes (compinit, Tab on a terminal)', () => {
  it('command names', () => {
    const listed = zsh('accessctl manage_', '*manage_group*manage_permission*manage_user*');
    expect(listed).toMatch(/manage_group +-- Ensure a group exists/);
  });

  it("a command's options with their help, and choices", () => {
    const options = zsh('accessctl manage_user --st', '*--staff*--strict*');
    expect(options).toMatch(/--staff +-- the user is staff/);
    expect(zsh('accessctl completion ', '*bash*fish*zsh*')).toMatch(/bash +fish +zsh/);
    expect(zsh('accessctl graph --format ', '*dot*mermaid*')).toMatch(/dot +mermaid/);
  });
});
