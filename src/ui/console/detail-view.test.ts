import { describe, expect, it } from 'vitest';
import { detailReducer, findStatus, initialDetail, matchesOf, scrollAction, type DetailView, type Page } from './detail-view.js';
import { keyOfChar } from './keys/key.js';

const lines = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? `  editors ${i}` : `line ${i}`));
const page: Page = { lines, height: 10 };
const start = initialDetail<'groups'>();
const run = (state: DetailView<'groups'>, ...actions: Parameters<typeof detailReducer<'groups'>>[1][]) => actions.reduce(detailReducer<'groups'>, state);

describe('a detail screen’s view (pure)', () => {
  it('scrolls within the lines: never above the first, never past the last page', () => {
    expect(run(start, { type: 'scroll', to: -5, page }).top).toBe(0);
    expect(run(start, { type: 'scroll', to: 100, page }).top).toBe(20);
    expect(run(start, { type: 'scroll', to: 7, page }).top).toBe(7);
    // Fewer lines than the screen: nothing to scroll.
    expect(run(start, { type: 'scroll', to: 3, page: { lines: ['a', 'b'], height: 10 } }).top).toBe(0);
  });

  it('keys to actions: j/k, PgDn, G (g/G left to the screen when it uses the letters)', () => {
    const at5 = run(start, { type: 'scroll', to: 5, page });
    expect(scrollAction(keyOfChar('j'), at5, page)).toEqual({ type: 'scroll', to: 6, page });
    expect(scrollAction(keyOfChar('k'), at5, page)).toEqual({ type: 'scroll', to: 4, page });
    expect(scrollAction({ ...keyOfChar('x'), input: '', name: 'pagedown' }, at5, page)).toEqual({ type: 'scroll', to: 15, page });
    expect(scrollAction(keyOfChar('G'), at5, page)).toEqual({ type: 'scroll', to: 30, page });
    expect(scrollAction(keyOfChar('G'), at5, page, false)).toBeUndefined();
    expect(scrollAction(keyOfChar('s'), at5, page)).toBeUndefined();
  });

  it('finds case-insensitively from the top of the screen, and n/N go round the matches', () => {
    expect(matchesOf('EDITORS', lines)).toEqual([3, 10, 17, 24]);
    let state = run(start, { type: 'scroll', to: 5, page }, { type: 'find', text: 'Editors', page });
    // The first match at or below the top line (10), already on screen: the view stays.
    expect(state).toMatchObject({ match: 10, top: 5, find: 'Editors' });
    state = run(state, { type: 'next', delta: 1, page });
    expect(state.match).toBe(17);
    expect(state.top).toBe(15);
    state = run(state, { type: 'next', delta: 1, page }, { type: 'next', delta: 1, page });
    // Past the last match: round to the first.
    expect(state.match).toBe(3);
    expect(state.top).toBe(1);
    state = run(state, { type: 'next', delta: -1, page });
    expect(state.match).toBe(24);
    expect(findStatus(state, lines)).toBe('match 4 of 4 · n/N next/previous · / finds another');
  });

  it('a text no line contains: no match, the view stays, and the status says so (the text quoted)', () => {
    const state = run(start, { type: 'scroll', to: 4, page }, { type: 'find', text: 'nobody\u001b', page });
    expect(state).toMatchObject({ match: undefined, top: 4 });
    expect(run(state, { type: 'next', delta: 1, page }).match).toBeUndefined();
    expect(findStatus(state, lines)).toBe('no line contains "nobody\\e"');
  });

  it('keeps the panel open on the screen (a picker, a field) as its mode', () => {
    const state = run(start, { type: 'scroll', to: 6, page }, { type: 'mode', mode: 'groups' });
    expect(state).toMatchObject({ mode: 'groups', top: 6 });
    expect(run(state, { type: 'mode', mode: 'view' })).toMatchObject({ mode: 'view', top: 6 });
  });
});
