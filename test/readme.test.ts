import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedTarget, run } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The fenced block of a language that follows a heading. */
function blockAfter(heading: string, language: string): string {
  const from = README.indexOf(heading);
  const start = README.indexOf(`\`\`\`${language}\n`, from) + language.length + 4;
  return README.slice(start, README.indexOf('```', start));
}

/** Shell words of a README line: plain words and "double-quoted" ones are all it uses. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');

describe("the README's examples work as written on a new embedded database", () => {
  it('the commands of "Commands", one after the other', { timeout: 300_000 }, async () => {
    const t = await embeddedTarget('new');
    const lines = blockAfter('### Commands', 'sh').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      const [program, ...args] = words(line);
      expect(program).toBe('accessctl');
      const result = await run(t, [...args, ...(args[0]?.startsWith('manage_') ? ['--yes'] : [])]);
      expect({ line, code: result.code, warnings: result.stderr.match(/^(Warning|Error).*$/gm) }).toEqual({ line, code: 0, warnings: null });
    }
  });

  it('the access file of "Access files"', { timeout: 300_000 }, async () => {
    const t = await embeddedTarget('new');
    const file = path.join(tempFolder('accessctl-readme-'), 'access.yaml');
    writeFileSync(file, blockAfter('### Access files', 'yaml'));
    const result = await run(t, ['apply', '-f', file, '--yes']);
    expect(result.stderr).toContain('Apply complete');
    expect(result.code).toBe(0);
  });
});
