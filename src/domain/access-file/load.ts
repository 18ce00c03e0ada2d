import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ZodType } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { InvalidInput, MAX_PROBLEMS_LISTED, type InputPath, type Problem } from '../errors.js';
import { encodingProblem } from '../input-text.js';
import { printable, quoted } from '../text.js';
import { accessDocument, quickAccessDocument, withNameMaps, type AccessDocument } from './document.js';
import { readPlainYaml } from './plain-yaml.js';
import { jsonKeysAreUnique } from './json-keys.js';

export interface LoadedFile<T> {
  document: T;
  /** "line:column" of a path in the file, for messages ('' when unknown). */
  locate(path: InputPath | undefined, atKey?: boolean): string;
}

export type LoadedAccessFile = LoadedFile<AccessDocument>;

/** `users.groucho.groups[1]`, each key escaped for the terminal. */
export function formatPath(path: InputPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? printable(part) : `.${printable(part)}`)).join('');
}

class PositionedSource {
  private document?: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(private readonly text: string) {}

  parsed(): Document.Parsed {
    this.document ??= parseDocument(this.text, { uniqueKeys: false, lineCounter: this.lines, prettyErrors: false });
    return this.document;
  }

  position(offset: number): string {
    this.parsed();
    const { line, col } = this.lines.linePos(offset);
    return `${line}:${col}`;
  }

  /** The deepest node the path reaches: the value, or the key where the value is missing. */
  locate(path: InputPath | undefined, atKey = false): string {
    const last = (path?.length ?? 0) - 1;
    let node: Node | null | undefined = this.parsed().contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const [i, part] of (path ?? []).entries()) {
      if (isMap(node)) {
        const pair: { key: unknown; value: unknown } | undefined = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
        if (!pair) break;
        const key = pair.key as Node;
        const value = pair.value as Node | null;
        node = value ?? key;
        // A scalar is pointed at itself; an entity (a mapping or list under its name) at its name.
        offset = (isScalar(value) && !(atKey && i === last) ? value.range?.[0] : key.range?.[0]) ?? offset;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part] as Node | undefined;
        if (!node) break;
        offset = node.range?.[0] ?? offset;
      } else break;
    }
    return this.position(offset);
  }

  /** Keys given twice in one mapping (a user or group listed twice), located at the second one. */
  duplicateKeys(): Problem[] {
    const problems: Problem[] = [];
    const walk = (node: unknown, path: InputPath) => {
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          if (seen.has(key)) {
            const where = this.position((pair.key as Node).range?.[0] ?? 0);
            problems.push({ message: `${where}: ${formatPath([...path, key])}: listed twice`, path: [...path, key] });
          }
          seen.add(key);
          walk(pair.value, [...path, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, [...path, i]));
      }
    };
    walk(this.parsed().contents, []);
    return problems;
  }
}

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
  if (/^\s*[{[]/.test(text)) {
    try {
      const value: unknown = JSON.parse(text);
      if (jsonKeysAreUnique(text, value)) return { value, duplicates: [] };
    } catch {
      // Not JSON: YAML (flow style, comments) or an error the readers below locate.
    }
  }
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

/**
 * locate() for a file, made when first asked (only when there is a problem to report): from the
 * plain YAML reader's offsets when the file is plain YAML, else from the full YAML reader.
 */
function positionsOf(text: string): (path: InputPath | undefined, atKey?: boolean) => string {
  let locate: ((path: InputPath | undefined, atKey?: boolean) => string) | undefined;
  return (path, atKey) => {
    if (!locate) {
      const plain = readPlainYaml(text, { positions: true });
      if (plain?.offsetOf) {
        const position = lineColumn(text);
        const offsetOf = plain.offsetOf;
        locate = (p, k) => position(offsetOf(p, k));
      } else {
        const source = new PositionedSource(text);
        locate = (p, k) => source.locate(p, k);
      }
    }
    return locate(path, atKey);
  };
}

/** "line:column" (1-based, in UTF-16 units, as the YAML reader counts) of offsets in a text. */
function lineColumn(text: string): (offset: number) => string {
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
