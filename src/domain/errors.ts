/** Input the domain refuses: each problem is one line that names the bad value. Nothing was changed. */
export class InvalidInput extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvalidInput';
  }
}
