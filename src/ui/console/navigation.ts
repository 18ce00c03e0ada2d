import type { Screen } from './context.js';
import { SECTIONS } from './keys/catalog.js';

/** Where the person is: a section, and in each section a stack of screens kept while they look elsewhere. */
export interface Navigation {
  section: number;
  stacks: Screen[][];
  /** Sections shown at least once: the others are not read from the database yet. */
  visited: boolean[];
  overlay: 'none' | 'help' | 'quit' | 'interrupt';
}

export type NavigationAction =
  | { type: 'section'; index: number }
  | { type: 'cycle'; delta: 1 | -1 }
  | { type: 'push'; screen: Screen }
  | { type: 'pop' }
  | { type: 'overlay'; overlay: Navigation['overlay'] };

export const initialNavigation: Navigation = { section: 0, stacks: SECTIONS.map((kind) => [{ kind }]), visited: SECTIONS.map((_, i) => i === 0), overlay: 'none' };

const visit = (state: Navigation, section: number): Navigation => ({ ...state, section, visited: state.visited.map((v, i) => v || i === section) });

export function navigate(state: Navigation, action: NavigationAction): Navigation {
  switch (action.type) {
    case 'section':
      return visit(state, action.index);
    case 'cycle':
      return visit(state, (state.section + action.delta + SECTIONS.length) % SECTIONS.length);
    case 'push': {
      const stacks = state.stacks.map((stack, i) => (i === state.section ? [...stack, action.screen] : stack));
      return { ...state, stacks };
    }
    case 'pop': {
      const stacks = state.stacks.map((stack, i) => (i === state.section && stack.length > 1 ? stack.slice(0, -1) : stack));
      return { ...state, stacks };
    }
    case 'overlay':
      return { ...state, overlay: action.overlay };
  }
}

// A stack never empties (pop keeps its first screen); the section's list stands in if it ever did.
export const topOf = (state: Navigation): Screen => state.stacks[state.section]?.at(-1) ?? { kind: SECTIONS[state.section] ?? 'users' };

/** A screen's identity within its stack, so that a screen pushed again starts afresh. */
export function screenKey(screen: Screen): string {
  switch (screen.kind) {
    case 'user':
      return `user:${screen.username}`;
    case 'group':
      return `group:${screen.name}`;
    case 'permission':
      return `permission:${screen.key}`;
    case 'why':
      return `why:${screen.username}:${screen.key}`;
    default:
      return screen.kind;
  }
}
