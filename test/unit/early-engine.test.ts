import { describe, expect, it } from 'vitest';
import { compileEngineEarly } from '../../src/framework/early-engine.js';

describe('compiling the embedded database engine as the process starts', () => {
  it.each([
    [['manage_user', 'ann', 'ann@example.com'], {}, false, true],
    [['--data-dir', '/tmp/x', 'apply', '-f', 'access.yaml'], {}, false, true],
    [[], {}, true, true],
    [[], {}, false, false],
    [['help'], {}, true, false],
    [['completion', 'bash'], {}, false, false],
    [['manage_user', '--help'], {}, false, false],
    [['--version'], {}, true, false],
    [['--database-url', 'postgres://h/db', 'check'], {}, false, false],
    [['check', '--database-url=postgres://h/db'], {}, false, false],
    [['check'], { DATABASE_URL: 'postgres://h/db' }, false, false],
  ])('%j (env %j, terminal %s): %s', (argv, env, terminal, compiles) => {
    expect(compileEngineEarly(argv, env, terminal, false)).toBe(compiles);
  });

  it('not when a keeper has the database open, or will: this process never runs PGlite', () => {
    expect(compileEngineEarly(['manage_user', 'ann', 'ann@example.com'], {}, false, true)).toBe(false);
  });
});
