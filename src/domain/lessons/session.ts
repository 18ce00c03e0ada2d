import type { CurrentState } from '../plan/current-state.js';
import { answerMatches, checkScope, unmetConditions } from './check.js';
import type { Lesson } from './load.js';

/** Where a lesson reads the database and keeps its progress (the sandbox implements it). */
export interface LessonStore {
  readState(scope: { usernames: string[]; groupNames: string[] }): Promise<CurrentState>;
  stepsDone(lesson: string): Promise<number>;
  saveStepsDone(lesson: string, steps: number): Promise<void>;
}

export interface LessonView {
  lesson: Lesson;
  /** The index of the open step; steps.length when the lesson is complete. */
  step: number;
  /** How many hints of the open step are shown. */
  hints: number;
  /** The step just done, and the command lines of the apply that did it. */
  done?: { step: number; commands: string[] };
  /** The lesson to take after this one, if any. */
  next?: string;
  /** Feedback on the last answer or apply. */
  message?: { text: string; good: boolean };
}

/**
 * A lesson in progress: the open step, its hints, and what happens when the trainee applies a
 * change or answers. A state check is judged after each apply; a step done is saved at once.
 */
export class LessonSession {
  private listeners = new Set<() => void>();

  private constructor(
    private readonly store: LessonStore,
    private current: LessonView,
  ) {}

  static async start(lesson: Lesson, store: LessonStore, next?: string): Promise<LessonSession> {
    const done = Math.min(await store.stepsDone(lesson.name), lesson.steps.length);
    return new LessonSession(store, { lesson, step: done, hints: 0, next });
  }

  view(): LessonView {
    return this.current;
  }

  get complete(): boolean {
    return this.current.step >= this.current.lesson.steps.length;
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(next: Partial<LessonView>): void {
    this.current = { ...this.current, ...next };
    for (const listener of this.listeners) listener();
  }

  private openStep() {
    return this.complete ? undefined : this.current.lesson.steps[this.current.step];
  }

  hint(): void {
    const step = this.openStep();
    if (!step) return;
    const available = step.hints?.length ?? 0;
    if (this.current.hints < available) this.update({ hints: this.current.hints + 1, message: undefined });
    else this.update({ message: { text: available ? 'No more hints for this step.' : 'This step has no hints.', good: false } });
  }

  /** True when the open step asks a question. */
  get asks(): boolean {
    return this.openStep()?.check.question !== undefined;
  }

  async answer(text: string): Promise<void> {
    const step = this.openStep();
    if (!step || step.check.question === undefined) return;
    if (answerMatches(step, text)) await this.advance([]);
    else this.update({ message: { text: 'Not quite; try again (H shows a hint).', good: false } });
  }

  /** After the console applied a change: is the open step's state check now true? */
  async afterApply(commands: string[]): Promise<void> {
    const state = this.openStep()?.check.state;
    if (!state) return;
    const unmet = unmetConditions(state, await this.store.readState(checkScope(state)));
    if (unmet.length === 0) await this.advance(commands);
    else
      this.update({ message: { text: `Applied, but the step is not done yet: ${unmet[0]}${unmet.length > 1 ? ` (and ${unmet.length - 1} more)` : ''}.`, good: false } });
  }

  private async advance(commands: string[]): Promise<void> {
    const step = this.current.step;
    await this.store.saveStepsDone(this.current.lesson.name, step + 1);
    this.update({ step: step + 1, hints: 0, done: { step, commands }, message: undefined });
  }
}
