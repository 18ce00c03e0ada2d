import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

/** The rules that fail a module of `file` importing `source` (nothing: the import is allowed). */
async function violations(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import '${source}';\n`, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rule (eslint no-restricted-imports, README "Layers")', () => {
  it.each([
    ['src/domain/plan/x.ts', '../../db/sql.js'],
    ['src/domain/x.ts', '../framework/errors.js'],
    ['src/domain/x.ts', '../ui/plan-text.js'],
    ['src/domain/x.ts', 'pg'],
    ['src/domain/x.ts', 'ink'],
    ['src/domain/x.ts', 'react'],
    ['src/db/x.ts', '../framework/errors.js'],
    ['src/db/queries/x.ts', '../../ui/plan-text.js'],
    ['src/ui/x.ts', '../framework/errors.js'],
    ['src/ui/console/x.tsx', '../../framework/output.js'],
    ['src/framework/x.ts', '../commands/apply.js'],
  ])('%s may not import %s', async (file, source) => {
    expect(await violations(file, source)).toHaveLength(1);
  });

  it.each([
    ['src/db/x.ts', '../domain/ports.js'],
    ['src/ui/x.ts', '../domain/plan/changes.js'],
    ['src/framework/x.ts', '../db/database.js'],
    ['src/commands/x.ts', '../framework/command.js'],
    ['src/domain/x.ts', './errors.js'],
  ])('%s may import %s', async (file, source) => {
    expect(await violations(file, source)).toEqual([]);
  });
});
