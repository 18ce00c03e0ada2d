import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpAuth, pgServer, run, serverTarget, type Target } from './support/targets.js';
import { StringSink } from '../src/framework/output.js';
import { runCli } from '../src/framework/runner.js';
import { encodingProblem } from '../src/domain/input-text.js';
import { cleanEnv } from './support/targets.js';
import { Readable } from 'node:stream';

/**
 * Generated bad input, run in-process against one database per property: every input is refused
 * with one bounded error line, a non-zero exit, and the auth tables exactly as they were.
 */
const RUNS = 200;
const MAX_LINE = 1200;

/** Characters Django's username validator refuses, and the ones that break terminals or encodings. */
const BAD_CHARS = [
  '\u0000',
  '\u0001',
  '\n',
  '\r',
  '\t',
  '\u001b',
  '\u007f',
  '\u009b',
  '\u202e',
  '\u2028',
  '\ud800',
  '\udc00',
  '\ufffd',
  ' ',
  '/',
  '!',
  '#',
  '$',
  '%',
  '*',
  '😀',
  '\\',
  '"',
  "'",
];
const badChar = fc.constantFrom(...BAD_CHARS);
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
const unicode = fc.string({ unit: 'grapheme', maxLength: 20 });
const huge = fc.integer({ min: 151, max: 60_000 }).map((n) => 'x'.repeat(n));

/** A username Django refuses: a bad character somewhere, empty, too long, or option-like. */
const badUsername = fc.oneof(
  fc.tuple(word, badChar, unicode).map(([a, c, b]) => `${a}${c}${b}`),
  huge,
  fc.constant(''),
  // Never a real option: `--h` is -h (help, exit 0), `--y` is -y.
  word.map((w) => `--${w}x`),
);

/** A permission string that is not APP_LABEL:MODEL:CODENAME of an existing permission. */
const badPermission = fc.oneof(
  unicode.filter((s) => s.split(':').length !== 3),
  fc.tuple(word, word, word).map(([a, m, c]) => `${a}:${m}:${c}`),
  fc.tuple(word, badChar, word).map(([a, c, m]) => `${a}${c}:${m}:x`),
  huge.map((h) => `myapp:thing:${h}`),
  fc.constant('myapp:thing:'),
  fc.constant('::'),
);

interface Outcome {
  code: number;
  stderr: string;
}

/** The lines of the auth tables' dump that differ from `before` ('' when nothing changed). */
async function changedRows(t: Target, before: string): Promise<string> {
  const old = new Set(before.split('\n'));
  return (await dumpAuth(t))
    .split('\n')
    .filter((line) => !old.has(line))
    .join('\n');
}

function expectRefused(result: Outcome): void {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  // One error line; a usage error may put the usage line before it, as argparse does.
  const errors = lines.filter((line) => /^(Error|error):/.test(line));
  expect(errors, result.stderr.slice(0, 2000)).toHaveLength(1);
  expect(lines.filter((line) => !/^(Error|error):/.test(line) && !/^usage: accessctl /.test(line))).toEqual([]);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_LINE);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack
}

describe.skipIf(!pgServer())('generated bad input (fast-check, PostgreSQL server)', () => {
  let t: Target;
  let before: string;
  beforeAll(async () => {
    t = await serverTarget('django');
    expect((await run(t, ['manage_group', 'editors', '-p', 'myapp:thing:add_thing', '--yes'])).code).toBe(0);
    expect((await run(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'editors', '--yes'])).code).toBe(0);
    before = await dumpAuth(t);
  });

  it(`manage_user: ${RUNS} bad usernames, emails and hashes are refused and change nothing`, async () => {
    const args = fc.oneof(
      fc.tuple(badUsername, fc.constantFrom('a@example.com', 'groucho@example.com')).map(([u, e]) => [u, e]),
      fc
        .tuple(
          word,
          fc.oneof(
            fc
              .tuple(
                word,
                badChar.filter((c) => /\s/.test(c)),
                word,
              )
              .map((p) => p.join('')),
            fc.integer({ min: 255, max: 60_000 }).map((n) => `${'x'.repeat(n)}@example.com`),
          ),
        )
        .map(([u, e]) => [`new_${u}`, e]),
      fc.constant(['groucho', 'someone.else@example.com']),
      fc.tuple(word, unicode).map(([u, h]) => [`new_${u}`, 'x@example.com', '--initial-password-hash', `not-a-hash${h}`]),
      fc.tuple(word, badPermission).map(([u, g]) => [`new_${u}`, 'x@example.com', '--staf', g]),
    );
    await fc.assert(
      fc.asyncProperty(args, async (argv) => {
        expectRefused(await run(t, ['manage_user', ...argv, '--yes']));
      }),
      { numRuns: RUNS },
    );
    expect(await changedRows(t, before)).toBe('');
  }, 300_000);

  it(`manage_group: ${RUNS} bad names and permissions are refused and change nothing`, async () => {
    const badGroup = fc.oneof(
      fc.tuple(word, fc.constantFrom('\u0000', '\ud800', '\ufffd'), unicode).map(([a, c, b]) => `${a}${c}${b}`),
      huge,
      fc.constantFrom('', '   '),
    );
    const args = fc.oneof(
      badGroup.map((g) => [g]),
      fc.tuple(word, fc.array(badPermission, { minLength: 1, maxLength: 1 })).map(([g, p]) => [`g_${g}`, '-p', ...p]),
      fc.tuple(word, word).map(([g, o]) => [`g_${g}`, `--${o}x`]),
    );
    await fc.assert(
      fc.asyncProperty(args, async (argv) => {
        expectRefused(await run(t, ['manage_group', ...argv, '--yes']));
      }),
      { numRuns: RUNS },
    );
    expect(await changedRows(t, before)).toBe('');
  }, 300_000);

  it(`manage_permission: ${RUNS} bad permissions and names are refused and change nothing`, async () => {
    const args = fc.oneof(
      // manage_permission creates what it names: only malformed strings are bad here.
      badPermission
        .filter((p) => p.split(':').length !== 3 || p.split(':').some((part) => part.trim() === '' || part.length > 100) || encodingProblem(p) !== undefined)
        .map((p) => [p]),
      fc.tuple(word, word, word).map(([a, m, c]) => [`${a}:${m}:${c}`, '--name', 'x'.repeat(256)]),
      fc.tuple(word, word, word).map(([a, m, c]) => [`${a}:${m}:${c}`, '--name', '   ']),
      fc
        .tuple(
          word,
          word,
          word,
          badChar.filter((c) => c === '\u0000' || c === '\ud800' || c === '\ufffd'),
        )
        .map(([a, m, c, b]) => [`${a}:${m}:${c}`, '--name', `n${b}`]),
    );
    await fc.assert(
      fc.asyncProperty(args, async (argv) => {
        expectRefused(await run(t, ['manage_permission', ...argv, '--yes']));
      }),
      { numRuns: RUNS },
    );
    expect(await changedRows(t, before)).toBe('');
  }, 300_000);

  it(`apply: ${RUNS} bad access files (wrong types, unknown keys, duplicates, bad names, encodings, depth) are refused and change nothing`, async () => {
    const value = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), unicode, fc.array(fc.integer(), { maxLength: 2 }));
    const userEntry = fc.oneof(
      value.filter((v) => typeof v !== 'string').map((v) => ({ email: v })),
      value.filter((v) => typeof v !== 'boolean').map((v) => ({ email: 'a@example.com', staff: v })),
      fc.tuple(word, value).map(([k, v]) => ({ email: 'a@example.com', [`x${k}`]: v })),
      fc.constant({ email: 'a@example.com', groups: ['no_such_group'] }),
      badPermission.map((p) => ({ email: 'a@example.com', permissions: [p] })),
      fc.constant({ email: 'a@example.com', password: { initial_hash: 'plain-password' } }),
    );
    const json = (o: unknown) => JSON.stringify(o);
    const documents = fc.oneof(
      // One bad user entry (a valid name), as JSON.
      fc.tuple(word, userEntry).map(([name, entry]) => json({ users: { [`u_${name}`]: entry } })),
      // A bad username.
      badUsername
        .filter((u) => u !== '' && !/^--[a-z0-9_]*$/.test(u) && encodingProblem(u) === undefined)
        .map((u) => json({ users: { [u]: { email: 'a@example.com' } } })),
      // A name with an encoding problem, escaped in JSON.
      fc.tuple(word, fc.constantFrom('\\u0000', '\\ud800', '\\udfff')).map(([w, c]) => `{"groups": {"${w}${c}": []}}`),
      // Duplicate keys in YAML.
      word.map((w) => `groups:\n  ${w}: []\n  ${w}: []\n`),
      // Wrong top-level types and unknown top-level keys.
      fc.oneof(value, fc.array(value)).map((v) => json({ users: v })),
      word.map((w) => `${w}x: {}\ngroups: {}\n`),
      // Nested deeper than an access file.
      fc.integer({ min: 40, max: 5000 }).map((n) => `{"users": ${'['.repeat(n)}${']'.repeat(n)}}`),
      // Broken syntax.
      unicode.map((u) => `groups: [${u}\nusers: {`),
      // Option-like and empty names of groups.
      fc.constantFrom('{"groups": {"": []}}', '{"groups": {"  ": []}}', '{"groups": {"--prune": ["::"]}}'),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(documents, async (text) => {
        const stdin = Readable.from([Buffer.from(text)]);
        const stdout = new StringSink();
        const stderr = new StringSink();
        const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
        Object.defineProperty(process, 'stdin', { value: stdin, configurable: true });
        try {
          const code = await runCli(['apply', '-f', '-', '--yes', ...t.options], { interactive: false, env: cleanEnv(), stdout, stderr });
          expectRefused({ code, stderr: stderr.text });
        } finally {
          Object.defineProperty(process, 'stdin', original);
        }
        n++;
      }),
      { numRuns: RUNS },
    );
    expect(n).toBeGreaterThanOrEqual(RUNS);
    expect(await changedRows(t, before)).toBe('');
  }, 300_000);
});
