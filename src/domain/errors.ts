/** Where a problem is in the input: a path of keys and indexes (an access file maps it to line:column). */
export type InputPath = (string | number)[];

export interface Problem {
  message: string;
  path?: InputPath;
  /** The problem is the key itself (an unknown key), not its value. */
  atKey?: boolean;
}

/** The most problems listed in one error: a file with 50,000 bad entries gets the first ones and a count. */
export const MAX_PROBLEMS_LISTED = 100;

/**
 * Input the domain refuses: each problem names the bad value (and where it is). Nothing was changed.
 * Only the first MAX_PROBLEMS_LISTED are kept; `more` counts the others.
 */
export class InvalidInput extends Error {
  readonly problems: Problem[];
  readonly more: number;

  constructor(problems: (Problem | string)[], more = 0) {
    const list = problems.slice(0, MAX_PROBLEMS_LISTED).map((p) => (typeof p === 'string' ? { message: p } : p));
    super(list.map((p) => p.message).join('; '));
    this.name = 'InvalidInput';
    this.problems = list;
    this.more = more + Math.max(0, problems.length - MAX_PROBLEMS_LISTED);
  }
}
