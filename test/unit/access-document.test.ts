import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessDocument, quickAccessDocument, withNameMaps } from '../../src/domain/access-file/document.js';

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
