import { afterEach, describe, expect, it } from 'vitest';
import { showSplashEarly } from '../../src/framework/early-splash.js';
import { leaveConsoleScreen } from '../../src/ui/console/splash.js';

/** A terminal's stream, or a pipe's: what the splash writes is kept. */
const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (chunk: string) => written.push(chunk) > 0 } as unknown as typeof process.stdout & { written: string[] };
};

describe('the console first screen drawn before accessctl loads', () => {
  let out = stream(true);
  afterEach(() => leaveConsoleScreen(out));

  it.each([
    [[], {}, 'opening the embedded database…'],
    [['console'], {}, 'opening the embedded database…'],
    [['--data-dir', '/tmp/x', 'console', '--read-only', '--actor', 'ann', '--plan-out=p.json'], {}, 'opening the embedded database…'],
    [['--database-url', 'postgres://h/db', 'console', '--wait'], {}, 'connecting to the database server…'],
    [['--database-url=postgres://h/db'], {}, 'connecting to the database server…'],
    [[], { DATABASE_URL: 'postgres://h/db' }, 'connecting to the database server…'],
  ])('%j with %j says %s', (argv, env, text) => {
    out = stream(true);
    expect(showSplashEarly(argv, env, stream(true) as never, out)).toBe(true);
    const drawn = out.written.join('');
    expect(drawn.startsWith('\u001b[?1049h')).toBe(true);
    expect(drawn).toContain(`\u001b[2m${text}\u001b[22m`);
  });

  it('draws without colour under NO_COLOR or --no-color', () => {
    for (const [argv, env] of [
      [[], { NO_COLOR: '1' }],
      [['--no-color'], {}],
    ] as const) {
      out = stream(true);
      expect(showSplashEarly([...argv], env, stream(true) as never, out)).toBe(true);
      expect(out.written.join('')).toContain('accessctl\u001b[K\r\nopening the embedded database…');
      leaveConsoleScreen(out);
    }
  });

  it.each([
    [['help']],
    [['manage_user', 'ann', 'ann@example.com']],
    [['--help']],
    [['-h']],
    [['--version']],
    [['-V']],
    [['--bogus']],
    [['console', 'extra']],
    // As the command line is read: a console option before `console` makes its value the command's name.
    [['--actor', 'ann']],
    [['--', 'console']],
  ])('leaves %j to the command itself', (argv) => {
    out = stream(true);
    expect(showSplashEarly(argv, {}, stream(true) as never, out)).toBe(false);
    expect(out.written).toEqual([]);
  });

  it('draws nothing unless standard input and output are both a terminal', () => {
    out = stream(false);
    expect(showSplashEarly([], {}, stream(true) as never, out)).toBe(false);
    expect(showSplashEarly([], {}, stream(false) as never, stream(true))).toBe(false);
    expect(out.written).toEqual([]);
  });
});
