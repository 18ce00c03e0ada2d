import { quoted } from '../../domain/text.js';
import type { KeyPress } from './keys/key.js';

/**
 * What a detail screen (a user, a group) shows and where: the panel open on it (a picker, a field),
 * the first line on screen, and a find — `/` types a text, `n`/`N` go to the next/previous line
 * that contains it. Pure, so that keys arriving together each start from where the last one left.
 */
export interface DetailView<Mode extends string> {
  mode: Mode | 'view' | 'find';
  /** Index of the first line on screen. */
  top: number;
  /** The text found (case-insensitive); '' when there is no find. */
  find: string;
  /** The line of the current match, if any. */
  match: number | undefined;
}

/** The lines and the room on screen: what a move or a find is computed against. */
export interface Page {
  lines: readonly string[];
  height: number;
}

export type DetailAction<Mode extends string> =
  | { type: 'mode'; mode: Mode | 'view' | 'find' }
  | { type: 'scroll'; to: number; page: Page }
  | { type: 'find'; text: string; page: Page }
  | { type: 'next'; delta: 1 | -1; page: Page };

export const initialDetail = <Mode extends string>(): DetailView<Mode> => ({ mode: 'view', top: 0, find: '', match: undefined });

const clampTop = (top: number, page: Page) => Math.max(0, Math.min(top, page.lines.length - Math.max(1, page.height)));

/** The lines that contain the text (case-insensitive). */
export function matchesOf(text: string, lines: readonly string[]): number[] {
  if (!text) return [];
  const needle = text.toLowerCase();
  return lines.flatMap((line, i) => (line.toLowerCase().includes(needle) ? [i] : []));
}

/** Keeps a line on screen: the view moves only if it is outside (then it shows a little above it). */
function showLine(state: { top: number }, line: number, page: Page): number {
  const height = Math.max(1, page.height);
  if (line >= state.top && line < state.top + height) return state.top;
  return clampTop(line - Math.min(2, height - 1), page);
}

export function detailReducer<Mode extends string>(state: DetailView<Mode>, action: DetailAction<Mode>): DetailView<Mode> {
  switch (action.type) {
    case 'mode':
      return { ...state, mode: action.mode };
    case 'scroll':
      return { ...state, top: clampTop(action.to, action.page) };
    case 'find': {
      // The first match from the top of the screen down (then from the start), as less and vim do.
      const found = matchesOf(action.text, action.page.lines);
      const match = found.find((i) => i >= state.top) ?? found[0];
      return { ...state, find: action.text, match, top: match === undefined ? state.top : showLine(state, match, action.page) };
    }
    case 'next': {
      const found = matchesOf(state.find, action.page.lines);
      if (!found.length) return { ...state, match: undefined };
      const from = state.match ?? state.top - (action.delta > 0 ? 1 : 0);
      const match = action.delta > 0 ? (found.find((i) => i > from) ?? found[0]!) : ([...found].reverse().find((i) => i < from) ?? found.at(-1)!);
      return { ...state, match, top: showLine(state, match, action.page) };
    }
  }
}

/** The scrolling keys of a detail screen as actions: arrows, j/k, PgUp/PgDn, ^d, Home/End (g/G when `letters`). */
export function scrollAction<Mode extends string>(key: KeyPress, state: DetailView<Mode>, page: Page, letters = true): DetailAction<Mode> | undefined {
  const height = Math.max(1, page.height);
  const to = (line: number): DetailAction<Mode> => ({ type: 'scroll', to: line, page });
  if (key.name === 'down' || key.input === 'j') return to(state.top + 1);
  if (key.name === 'up' || key.input === 'k') return to(state.top - 1);
  if (key.name === 'pagedown' || key.input === '^d') return to(state.top + height);
  if (key.name === 'pageup') return to(state.top - height);
  if (key.name === 'home' || (letters && key.input === 'g')) return to(0);
  if (key.name === 'end' || (letters && key.input === 'G')) return to(page.lines.length);
  return undefined;
}

/** "match 2 of 5" or "no line contains "x"": the line under a detail screen while a find is on. */
export function findStatus(state: DetailView<string>, lines: readonly string[]): string {
  const found = matchesOf(state.find, lines);
  if (!found.length) return `no line contains ${quoted(state.find)}`;
  const at = state.match === undefined ? 0 : found.indexOf(state.match) + 1;
  return `match ${at} of ${found.length} · n/N next/previous · / finds another`;
}
