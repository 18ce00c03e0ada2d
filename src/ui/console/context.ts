import React from 'react';
import type { Edit } from '../../domain/edits.js';
import type { ConsoleBackend } from './backend.js';
import type { PendingPlan } from './use-plan.js';

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
  /** Pending edits: intended final values, in the order they were last set. */
  edits: Edit[];
  /** The plan of the pending edits: what every count of pending changes counts, and what each user gains and loses. */
  plan: PendingPlan;
  /** Sets an edit; `stored` is the database's value, so that setting it back drops the edit. */
  edit(edit: Edit, stored?: boolean | string): void;
  /** Several edits at once (multi-select). */
  editAll(edits: { edit: Edit; stored?: boolean | string }[]): void;
  clearEdits(): void;
  readOnly: boolean;
  color: boolean;
  /** Rows the screen body may use. */
  height: number;
  width: number;
  push(screen: Screen): void;
  pop(): void;
  notify(message: string): void;
  /** A database error: one line in the status bar; the screen stays usable. */
  fail(error: Error): void;
  /** Says "read-only" for an editing key pressed in read-only mode; true when editing is off. */
  refuseEdit(): boolean;
  /** Reads everything shown again (the database changed). */
  refresh(): void;
  /** Bumped after an apply or a refresh: screens read again what they show. */
  generation: number;
}

export const ConsoleContext = React.createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const state = React.useContext(ConsoleContext);
  if (!state) throw new Error('useConsole outside the console');
  return state;
}
