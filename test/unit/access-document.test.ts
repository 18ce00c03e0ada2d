import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessDocument, withNameMaps } from '../../src/domain/access-file/document.js';
import { loadAccessFile } from '../../src/domain/access-file/load.js';
import { quickAccessDocument } from '../../src/domain/access-file/quick-document.js';
import { readAccessFile } from '../../src/domain/access-file/read.js';
import type { InvalidInput } from '../../src/domain/errors.js';

// The hand-written check must accept exactly what the schema accepts, and read it the same way.

const anything = fc.oneof(fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null), fc.integer(), fc.constant([]), fc.constant({}));
const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: anything });
const name = fc.constantFrom('a', 'b', '__proto__', 'constructor', 'toString', '');
const names = <T>(value: fc.Arbitrary<T>) => maybe(fc.dictionary(name, value, { maxKeys: 3 }).map((entries) => Object.fromEntries(Object.entries(entries))));
const list = maybe(fc.oneof(fc.array(maybe(fc.string({ maxLength: 3 })), { maxLength: 3 }), fc.constant(null)));
const user = maybe(
  fc.record(
    {
      email: maybe(fc.string({ maxLength: 3 })),
      staff: maybe(fc.boolean()),
      superuser: maybe(fc.boolean()),
      active: maybe(fc.boolean()),
      groups: list,
      permissions: list,
      password: maybe(fc.oneof(fc.constant({ unusable: true }), fc.record({ initial_hash: maybe(fc.string()) }), fc.constant({ unusable: true, initial_hash: 'x' }))),
      colour: fc.string(),
    },
    { requiredKeys: [] },
  ),
);
const document = maybe(
  fc.record(
    {
      permissions: fc.oneof(names(names(fc.oneof(names(maybe(fc.string({ maxLength: 3 }))), fc.constant(null)))), fc.constant(null)),
      groups: fc.oneof(names(list), fc.constant(null)),
      users: fc.oneof(names(user), fc.constant(null)),
      extra: anything,
    },
    { requiredKeys: [] },
  ),
);

describe('the quick access document check', () => {
  it('accepts what the schema accepts, as the schema reads it, and nothing else', () => {
    let accepted = 0;
    fc.assert(
      fc.property(document, (value) => {
        const quick = quickAccessDocument(value);
        const schema = accessDocument.safeParse(withNameMaps(value));
        expect(quick !== undefined).toBe(schema.success);
        if (quick) {
          accepted++;
          expect(quick).toEqual(schema.data);
        }
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('reading an access file without the yaml package and the schema', () => {
  const texts = [
    'groups:\n  editors: [myapp:thing:add_thing]\nusers:\n  groucho: {email: g@example.com, groups: [editors], password: {unusable: true}}\n',
    '{"users": {"harpo": {"email": "h@example.com", "staff": true}}}',
    '{\n  "groups": {"a": []}\n}\n',
    'users:\n  "\\u00e9": {email: e@example.com}\n',
    'permissions:\n  myapp: {thing: {add_thing: Can add}}\n',
  ];
  it.each(texts)('reads %j as loadAccessFile does', async (text) => {
    expect((await readAccessFile(text)).document).toEqual(loadAccessFile(text).document);
  });

  it.each<[string, { prune?: boolean }]>([
    ['users:\n  groucho: {email: 1}\n', {}],
    ['users:\n  groucho: {email: g@example.com}\n  groucho: {email: g@example.com}\n', {}],
    ['# nothing\n', {}],
    ['permissions:\n  myapp: {thing: {add_thing: Can add}}\n', { prune: true }],
    ['users:\n  "a\\u0000": {email: e@example.com}\n', {}],
  ])('refuses %j with the messages of loadAccessFile', async (text, options) => {
    const expected = (() => {
      try {
        loadAccessFile(text, options);
      } catch (error) {
        return (error as InvalidInput).problems.map((p) => p.message);
      }
      throw new Error('loadAccessFile accepted it');
    })();
    await expect(readAccessFile(text, options)).rejects.toMatchObject({ problems: expected.map((message) => expect.objectContaining({ message })) });
  });

  it('locates a path in plain YAML and in JSON as loadAccessFile does', async () => {
    for (const text of [texts[0]!, texts[2]!]) {
      const [fast, full] = [await readAccessFile(text), loadAccessFile(text)];
      for (const path of [['users', 'groucho', 'groups', 0], ['groups', 'editors'], ['groups', 'a'], ['nowhere']]) expect(fast.locate(path)).toBe(full.locate(path));
    }
  });
});
