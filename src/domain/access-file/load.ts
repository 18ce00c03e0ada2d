import type { ZodType } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { InvalidInput, MAX_PROBLEMS_LISTED, type InputPath, type Problem } from '../errors.js';
import { encodingProblem } from '../input-text.js';
import { printable, quoted } from '../text.js';
import { accessDocument, withNameMaps, type AccessDocument } from './document.js';
import { readPlainYaml } from './plain-yaml.js';
import { parseUniqueJson } from './json-keys.js';
import { formatPath, lineColumn, locatedError } from './located.js';
import { PositionedSource, positionsOf } from './positions.js';
import { quickAccessDocument } from './quick-document.js';

export { formatPath, locatedError } from './located.js';

export interface LoadedFile<T> {
  document: T;
  /** "line:column" of a path in the file, for messages ('' when unknown). */
  locate(path: InputPath | undefined, atKey?: boolean): string;
}

export type LoadedAccessFile = LoadedFile<AccessDocument>;

export function zodProblems(issues: $ZodIssue[]): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ message: `unknown key ${quoted(key)}`, path: [...path, key], atKey: true }));
    }
    if (issue.code === 'invalid_type') {
      const got = issue.input === undefined ? 'nothing' : issue.input === null ? 'null' : Array.isArray(issue.input) ? 'a list' : typeof issue.input;
      const expected = issue.expected === 'map' ? 'a mapping' : issue.expected;
      return [{ message: issue.input === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${got}`, path }];
    }
    if (issue.code === 'invalid_union') return [{ message: issue.message, path }];
    return [{ message: printable(issue.message.replace(/^Invalid input: /, ''), 500), path }];
  });
}

/** Every key and string in the parsed file that cannot be stored as given (NUL, lone surrogates, U+FFFD). */
function encodingProblems(root: unknown): Problem[] {
  const problems: Problem[] = [];
  const walk = (value: unknown, path: InputPath) => {
    if (typeof value === 'string') {
      const problem = encodingProblem(value);
      if (problem) problems.push({ message: `the value ${problem}`, path });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        const problem = encodingProblem(key);
        if (problem) problems.push({ message: `the key ${problem}`, path: [...path, key], atKey: true });
        walk((value as Record<string, unknown>)[key], [...path, key]);
      }
    }
  };
  walk(root, []);
  return problems;
}

/**
 * Reads an access file (YAML, or JSON, which is YAML too), checking its shape with the schema.
 * Every problem is reported at once with its line:column and path; nothing is read from the database.
 */
export function loadAccessFile(text: string, options: { prune?: boolean } = {}): LoadedAccessFile {
  const { document, locate } = loadPositioned(text, accessDocument, withNameMaps, quickAccessDocument);
  if (!document.users && !document.groups && !document.permissions) {
    // An empty or truncated file (a failed export) must never read as "the policy is: nobody".
    throw new InvalidInput([{ message: `${locate([])}: the file lists no users, groups or permissions (an empty access file is refused)` }]);
  }
  if (options.prune && !document.users && !document.groups) {
    throw new InvalidInput([{ message: `${locate([])}: the file lists no users and no groups: with --prune it would remove them all (write "users: {}" to mean that)` }]);
  }
  return { document, locate };
}

/**
 * Reads a YAML (or JSON) file and checks it against a schema, keeping positions: every problem at
 * once as "LINE:COL: PATH: message". Access files and lessons are both read this way; `prepare`
 * turns the parsed value into what the schema reads (mappings of names into Maps); `quick`, when
 * given, reads a value of exactly the schema's shape without the schema.
 */
export function loadPositioned<T>(
  text: string,
  schema: ZodType<T>,
  prepare: (value: unknown) => unknown = (value) => value,
  quick?: (value: unknown) => T | undefined,
): LoadedFile<T> {
  const locate = positionsOf(text);
  const { value, duplicates } = readValue(text);
  const encoding = encodingProblems(value);
  if (encoding.length) throw locatedError(encoding, locate);
  // A value of exactly the schema's shape is taken as it is; the schema reads anything else, and says what is wrong.
  const fast = duplicates.length ? undefined : quick?.(value);
  if (fast) return { document: fast, locate };
  const result = schema.safeParse(prepare(value), { reportInput: true });
  const problems = result.success ? [] : zodProblems(result.error.issues);
  if (duplicates.length || problems.length) {
    // Duplicates are located already; the schema's problems are located only as far as they are listed.
    const located = locatedError(problems.slice(0, Math.max(0, MAX_PROBLEMS_LISTED - duplicates.length)), locate);
    throw new InvalidInput(
      [...duplicates, ...located.problems],
      duplicates.length + problems.length - Math.min(duplicates.length + problems.length, MAX_PROBLEMS_LISTED),
    );
  }
  return { document: result.data!, locate };
}

/**
 * The file's value and its keys given twice (located). The fast readers come first: JSON.parse for
 * JSON without a key given twice (it would keep the last silently), then the plain YAML reader; the
 * full YAML reader (~0.3 s for 1,000 users, ~20 s for 100,000) reads the rest and says where a
 * syntax error is.
 */
function readValue(text: string): { value: unknown; duplicates: Problem[] } {
  const json = parseUniqueJson(text);
  if (json) return { value: json.value, duplicates: [] };
  const plain = readPlainYaml(text);
  if (plain) {
    const position = lineColumn(text);
    const duplicates = plain.duplicates.map(({ path, offset }) => ({ message: `${position(offset)}: ${formatPath(path)}: listed twice`, path }));
    return { value: plain.value ?? {}, duplicates };
  }
  const source = new PositionedSource(text);
  const document = source.parsed();
  // The first syntax error only: the reader's later ones are mostly its consequences.
  const [syntax] = document.errors;
  if (syntax) throw new InvalidInput([`${source.position(syntax.pos[0])}: ${printable(syntax.message.split('\n')[0], 500)}`]);
  return { value: document.toJS() ?? {}, duplicates: source.duplicateKeys() };
}
