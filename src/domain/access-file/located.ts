import { InvalidInput, MAX_PROBLEMS_LISTED, type InputPath, type Problem } from '../errors.js';
import { printable } from '../text.js';
import { readPlainYaml } from './plain-yaml.js';

/** `users.groucho.groups[1]`, each key escaped for the terminal. */
export function formatPath(path: InputPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? printable(part) : `.${printable(part)}`)).join('');
}

/**
 * InvalidInput whose every problem reads "LINE:COL: PATH: message". Only the problems listed are
 * located (locating one walks the file's mappings), so that 50,000 problems cost what 100 do.
 */
export function locatedError(problems: Problem[], locate: (path: InputPath | undefined, atKey?: boolean) => string, more = 0): InvalidInput {
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED).map((problem) => {
    const place = locate(problem.path, problem.atKey);
    const path = problem.path?.length ? `${formatPath(problem.path)}: ` : '';
    return { message: `${place ? `${place}: ` : ''}${path}${problem.message}`, path: problem.path };
  });
  return new InvalidInput(listed, more + problems.length - listed.length);
}

/** "line:column" (1-based, in UTF-16 units, as the YAML reader counts) of offsets in a text. */
export function lineColumn(text: string): (offset: number) => string {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return `${low + 1}:${offset - starts[low]! + 1}`;
  };
}

/** locate() from the plain YAML reader's offsets, when the text is plain YAML (else undefined). */
export function plainPositions(text: string): ((path: InputPath | undefined, atKey?: boolean) => string) | undefined {
  const offsetOf = readPlainYaml(text, { positions: true })?.offsetOf;
  if (!offsetOf) return undefined;
  const position = lineColumn(text);
  return (path, atKey) => position(offsetOf(path, atKey));
}
