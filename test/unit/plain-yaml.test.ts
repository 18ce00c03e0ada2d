import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PositionedSource } from '../../src/domain/access-file/positions.js';
import { readPlainYaml } from '../../src/domain/access-file/plain-yaml.js';
import type { InputPath } from '../../src/domain/errors.js';

// The fast reader must give what the full YAML reader gives (value, keys given twice, positions),
// or step aside (undefined). Compared on generated texts, valid and not.

/** The full reader's answer, as load.ts uses it: the value, the keys given twice and located paths. */
function reference(text: string) {
  const source = new PositionedSource(text);
  const document = source.parsed();
  if (document.errors.length) return undefined;
  return {
    value: document.toJS() ?? null,
    duplicates: source.duplicateKeyOffsets(),
    offsetOf: (path: InputPath, atKey: boolean) => source.offsetOf(path, atKey),
  };
}

/** Every path into a value, and one that goes nowhere. */
function pathsOf(value: unknown, path: InputPath = []): InputPath[] {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...path, i])));
  else if (typeof value === 'object' && value !== null)
    for (const key of Object.keys(value)) paths.push(...pathsOf((value as Record<string, unknown>)[key], [...path, key]));
  return [...paths, [...path, 'nowhere']];
}

function agrees(text: string): boolean {
  const fast = readPlainYaml(text, { positions: true });
  if (!fast) return false;
  const full = reference(text);
  expect(full, `the full reader refuses ${JSON.stringify(text)}`).toBeDefined();
  expect(JSON.stringify(fast.value), JSON.stringify(text)).toBe(JSON.stringify(full!.value));
  expect(Object.keys(fast.value ?? {}), JSON.stringify(text)).toEqual(Object.keys(full!.value ?? {}));
  expect(fast.duplicates, JSON.stringify(text)).toEqual(full!.duplicates);
  for (const path of pathsOf(fast.value)) {
    for (const atKey of [false, true]) expect(fast.offsetOf!(path, atKey), `${JSON.stringify(text)} at ${path.join('.')}`).toBe(full!.offsetOf(path, atKey));
  }
  expect(readPlainYaml(text)?.value).toEqual(fast.value);
  return true;
}

const FRAGMENTS = [
  'a',
  'b',
  'x y',
  'é',
  'a:b',
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '- ',
  '-',
  '#',
  ' #c',
  '"',
  "'",
  "''",
  '\\',
  '\\n',
  '\\"',
  '\\u00e9',
  '\\x41',
  '\\ud800',
  '\\U0001F600',
  '\\q',
  '[',
  ']',
  '{',
  '}',
  ', ',
  ',',
  'true',
  'False',
  'null',
  '~',
  '1',
  '0x1',
  '.5',
  '1e3',
  '-1',
  '---',
  '...',
  '&a',
  '*a',
  '!t',
  '|',
  '>',
  '?',
  '%',
  '@',
  '`',
  '\t',
  '__proto__',
  'toString',
  '<<',
  'http://x',
  'p:m:c',
  '\u0085',
  '\ufeff',
];

const scalar = fc.oneof(
  fc.constantFrom('groucho', 'g@example.com', 'myapp:Thing:add_thing', 'Can add thing', 'true', 'null', '~', 'False', '12', '0o7', '-x', 'a #b', 'a: b', ''),
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '#', "'", '"', '\\', ',', '[', '{', '-', 'é', '\u202e', '\n', '\u0000', '\u00a0') }),
  fc.boolean(),
  fc.constant(null),
);
const keyName = fc.oneof(
  fc.constantFrom('users', 'groups', 'email', '__proto__', 'toString', 'constructor', '<<', 'a b', 'a:b', 'a #b', 'true', '1', ''),
  fc.string({ maxLength: 6 }),
);

type Tree = unknown;
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.tuple(keyName, tie('tree')), { maxLength: 4 }).map((entries) => ({ entries })),
  ),
}));
interface Style {
  indent: number;
  compact: boolean;
  quote: 'auto' | 'single' | 'double';
  flowBelow: number;
  comments: boolean;
  spaceBeforeColon: boolean;
}
const style = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  compact: fc.boolean(),
  quote: fc.constantFrom('auto', 'single', 'double'),
  flowBelow: fc.integer({ min: 0, max: 3 }),
  comments: fc.boolean(),
  spaceBeforeColon: fc.boolean(),
}) as fc.Arbitrary<Style>;

function scalarText(value: unknown, s: Style): string {
  if (typeof value !== 'string') return String(value);
  if (s.quote === 'double' || /[\n\u0000\u202e"\\]/.test(value)) return JSON.stringify(value);
  if (s.quote === 'single') return `'${value.replaceAll("'", "''")}'`;
  return value;
}
const isEntries = (t: Tree): t is { entries: [string, Tree][] } => typeof t === 'object' && t !== null && 'entries' in t;
function flow(t: Tree, s: Style): string {
  if (Array.isArray(t)) return `[${t.map((item) => flow(item, s)).join(', ')}]`;
  if (isEntries(t)) return `{${t.entries.map(([k, v]) => `${scalarText(k, s)}: ${flow(v, s)}`).join(', ')}}`;
  return scalarText(t, s);
}
function depth(t: Tree): number {
  if (Array.isArray(t)) return 1 + Math.max(0, ...t.map(depth));
  if (isEntries(t)) return 1 + Math.max(0, ...t.entries.map(([, v]) => depth(v)));
  return 0;
}
function block(t: Tree, s: Style, level: number): string[] {
  const pad = ' '.repeat(level * s.indent);
  const comment = s.comments ? ' # note' : '';
  const nested = (v: Tree): [string, string[]] => {
    if ((Array.isArray(v) || isEntries(v)) && depth(v) > s.flowBelow && (Array.isArray(v) ? v.length : v.entries.length) > 0) return ['', block(v, s, level + 1)];
    return [` ${flow(v, s)}${comment}`, []];
  };
  if (Array.isArray(t)) {
    return t.flatMap((item) => {
      const [inline, below] = nested(item);
      return [`${pad}-${inline}`, ...below];
    });
  }
  if (isEntries(t)) {
    return t.entries.flatMap(([k, v]) => {
      const [inline, below] = nested(v);
      const lines = s.compact && Array.isArray(v) && below.length ? block(v, s, level) : below;
      return [`${pad}${scalarText(k, s)}${s.spaceBeforeColon ? ' ' : ''}:${inline}`, ...(s.comments ? [`${pad}# between`] : []), ...lines];
    });
  }
  return [`${pad}${flow(t, s)}`];
}

describe('the plain YAML reader', () => {
  it('reads an access file as the full reader does, and steps aside from what it does not know', () => {
    const text = [
      '# policy',
      '---',
      'permissions:',
      '  myapp: {thing: {add_thing: \'Can add thing\', delete_thing: "Can delete \\u00e9"}}',
      'groups:',
      '  editors: [myapp:Thing:add_thing, myapp.delete_thing]',
      '  empty: []',
      'users:',
      '  groucho:',
      '    email: groucho@example.com # the login',
      '    staff: true',
      '    groups:',
      '    - editors',
      '    password: {unusable: true}',
      '  __proto__: {email: p@example.com}',
      '',
    ].join('\n');
    expect(agrees(text)).toBe(true);
    for (const outside of ['a: &x 1', 'a: |\n  b\n', 'a: 1', 'a: b\n  c\n', 'a: [b,\n  c]', 'a:\tb', '%YAML 1.2\n---\na: b', 'a: b\n---\nc: d']) {
      expect(readPlainYaml(outside), outside).toBeUndefined();
    }
  });

  it('agrees with the full reader on generated documents in every style', () => {
    let read = 0;
    fc.assert(
      fc.property(tree, style, (t, s) => {
        const text = `${block(t, s, 0).join('\n')}\n`;
        if (agrees(text)) read++;
      }),
      { numRuns: 1500 },
    );
    // Most generated documents are within the subset: the comparison is not vacuous.
    expect(read).toBeGreaterThan(500);
  });

  it('never gives a value the full reader would not, on token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), (parts) => {
        agrees(parts.join(''));
      }),
      { numRuns: 3000 },
    );
  });
});
