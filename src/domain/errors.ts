/** Where a problem is in the input: a path of keys and indexes (an access file maps it to line:column). */
export type InputPath = (string | number)[];

export interface Problem {
  message: string;
  path?: InputPath;
  /** The problem is the key itself (an unknown key), not its value. */
  atKey?: boolean;
}

/** Input the domain refuses: each problem names the bad value (and where it is). Nothing was changed. */
export class InvalidInput extends Error {
  readonly problems: Problem[];

  constructor(problems: (Problem | string)[]) {
    const list = problems.map((p) => (typeof p === 'string' ? { message: p } : p));
    super(list.map((p) => p.message).join('; '));
    this.name = 'InvalidInput';
    this.problems = list;
  }
}
