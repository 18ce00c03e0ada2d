import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { AccessFileOut } from '../../src/domain/access-file/document.js';
import { readPlainYaml } from '../../src/domain/access-file/plain-yaml.js';
import { accessDocumentChunks, serializeAccessDocument } from '../../src/domain/access-file/serialize.js';

// Export writes YAML itself: every name must read back as written, by the yaml package and by the
// plain reader that applies it.

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', 'true', 'No', 'on', '~', 'null', '012', '1_000', '1:20', '.5', '0x1f', '-', '- a', 'a: b', 'a #b', '#a', 'x:', '...', '---', '"', "'", '\\'),
  fc.constantFrom('\u0085', '\u2028', '\ufeff', '\u202e', '\u0000', '\u007f', '\ud800', '\udc00x', '😀', 'é\n', ' lead', 'trail ', '__proto__', 'constructor'),
);
const names = <T>(value: fc.Arbitrary<T>) => fc.dictionary(hostile, value, { maxKeys: 4 }).map((entries) => Object.fromEntries(Object.entries(entries)));
const document: fc.Arbitrary<AccessFileOut> = fc.record({
  permissions: names(names(names(hostile))),
  groups: names(fc.array(hostile, { maxLength: 3 })),
  users: names(
    fc.record(
      {
        email: hostile,
        staff: fc.boolean(),
        superuser: fc.boolean(),
        active: fc.boolean(),
        groups: fc.array(hostile, { maxLength: 3 }),
        permissions: fc.array(hostile, { maxLength: 3 }),
        password: fc.constant({ unusable: true as const }),
      },
      { requiredKeys: ['email', 'staff', 'superuser', 'active', 'groups', 'permissions'] },
    ),
  ),
});

describe('export as YAML', () => {
  it('reads back as written, by the yaml package and by the plain reader', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const text = serializeAccessDocument(doc, 'yaml');
        expect(parse(text)).toEqual(doc);
        expect(readPlainYaml(text)?.value).toEqual(doc);
      }),
      { numRuns: 500 },
    );
  });

  it('lays out a plain policy as the yaml package does', () => {
    const doc: AccessFileOut = {
      permissions: { myapp: { thing: { add_thing: 'Can add thing' } }, empty: {} },
      groups: { editors: ['myapp:thing:add_thing'], none: [] },
      users: {
        groucho: { email: 'g@example.com', staff: true, superuser: false, active: true, groups: ['editors'], permissions: [], password: { unusable: true } },
      },
    };
    expect(serializeAccessDocument(doc, 'yaml')).toBe(stringify(doc, { lineWidth: 0 }));
  });

  it('writes a name too long for an implicit key as the yaml package does', () => {
    const doc: AccessFileOut = { permissions: {}, groups: { ['g'.repeat(1100)]: [] }, users: {} };
    expect(parse(serializeAccessDocument(doc, 'yaml'))).toEqual(doc);
  });
});

describe('export in pieces', () => {
  it('writes JSON as JSON.stringify lays it out, and YAML whole lines per piece', () => {
    fc.assert(
      fc.property(document, (doc) => {
        expect(serializeAccessDocument(doc, 'json')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
        const pieces = [...accessDocumentChunks(doc, 'yaml')];
        expect(pieces.join('')).toBe(serializeAccessDocument(doc, 'yaml'));
        for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never holds the YAML of thousands of users in one piece', () => {
    const users = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [
        `user${i}`,
        { email: `user${i}@example.com`, staff: false, superuser: false, active: true, groups: ['editors'], permissions: [] },
      ]),
    );
    const doc: AccessFileOut = { permissions: {}, groups: { editors: [] }, users };
    const pieces = [...accessDocumentChunks(doc, 'yaml')];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(70_000);
    expect(readPlainYaml(pieces.join(''))?.value).toEqual(doc);
  });
});
