import React from 'react';
import type { Edit } from '../../domain/edits.js';
import type { ConsoleBackend } from './backend.js';

export type Screen =
  | { kind: 'users' }
  | { kind: 'groups' }
  | { kind: 'permissions' }
  | { kind: 'matrix' }
  | { kind: 'user'; username: string }
  | { kind: 'group'; name: string }
  | { kind: 'permission'; key: string }
  | { kind: 'why'; username: string; key: string }
  | { kind: 'review' }
  | { kind: 'history' };

export interface ConsoleState {
  backend: ConsoleBackend;
  edits: Edit[];
  addEdit(edit: Edit): void;
  clearEdits(): void;
  readOnly: boolean;
  color: boolean;
  /** Rows the screen body may use. */
  height: number;
  width: number;
  push(screen: Screen): void;
  pop(): void;
  /** While a text field or picker is open, the console's own keys are off. */
  setCaptured(captured: boolean): void;
  notify(message: string): void;
  /** Bumped after an apply: screens reload what they show. */
  generation: number;
}

export const ConsoleContext = React.createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const state = React.useContext(ConsoleContext);
  if (!state) throw new Error('useConsole outside the console');
  return state;
}
