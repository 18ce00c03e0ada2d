import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestingProblem } from '../../src/domain/input-text.js';

// Deep nesting is refused on the raw text, before a parser spends memory on it: brackets count
// where a flow collection can start, never inside quotes or comments, and indentation counts.

describe('nesting deeper than an access file needs', () => {
  it.each<[string, string, number | undefined, string | undefined]>([
    ['33 levels of brackets', `users: ${'['.repeat(33)}${']'.repeat(33)}`, undefined, '1:40: nested more than 32 levels, deeper than an access file needs'],
    ['32 levels', `users: ${'['.repeat(32)}${']'.repeat(32)}`, undefined, undefined],
    ['brackets in double quotes', `a: "${'['.repeat(40)}"`, undefined, undefined],
    ['brackets in single quotes', `a: '${'{'.repeat(40)}'`, undefined, undefined],
    ['after an escaped quote', `a: "\\"${'['.repeat(40)}"`, undefined, undefined],
    ['after a doubled single quote', `a: 'it''s ${'['.repeat(40)}'`, undefined, undefined],
    ['in a comment', `a: b # ${'['.repeat(40)}`, undefined, undefined],
    ['inside a plain scalar', `a: x${'['.repeat(40)}`, undefined, undefined],
    ['after a list dash', '- [[[', 2, '1:5: nested more than 2 levels, deeper than an access file needs'],
    ['after a key without a space (not a flow collection)', 'a:[[[', 2, undefined],
    ['after a question mark', '? [[[', 2, '1:5: nested more than 2 levels, deeper than an access file needs'],
    ['inside a flow collection', 'a: [b, [c, [d]]]', 2, '1:12: nested more than 2 levels, deeper than an access file needs'],
    ['JSON', '{"a": [[[', 2, '1:8: nested more than 2 levels, deeper than an access file needs'],
    ['indented 257 columns', `a:\n${' '.repeat(257)}b: c`, undefined, '2:258: indented more than 256 columns, deeper than an access file needs'],
    ['indented 256 columns', `a:\n${' '.repeat(256)}b: c`, undefined, undefined],
    ['spaces inside a quoted string', `a: "\n${' '.repeat(300)}x"`, undefined, undefined],
  ])('%s', (_, text, depth, expected) => {
    expect(nestingProblem(text, depth)).toBe(expected);
  });

  it('answers alike with few brackets (the quick path) and with many (the full scan)', () => {
    // A comment of 40 brackets on a line of its own changes nothing a file means, and forces the full scan.
    const piece = fc.constantFrom('[', ']', '{', '}', ' ', '  ', ' '.repeat(257), '\n', ':', ': ', '- ', '? ', ',', '#', '"', "'", '\\', 'a', 'b c');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 0, max: 6 }), (pieces, depth) => {
        const text = pieces.join('');
        expect(nestingProblem(text, depth)).toBe(nestingProblem(`${text}\n# ${'['.repeat(40)}`, depth));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads megabytes of one string or one word without running out of stack', () => {
    expect(nestingProblem(`a: "${'x\\"'.repeat(2_000_000)}"`)).toBeUndefined();
    expect(nestingProblem(`a: '${"x''".repeat(2_000_000)}'`)).toBeUndefined();
    expect(nestingProblem('x'.repeat(5_000_000))).toBeUndefined();
  });
});
