import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { InputPath, Problem } from '../errors.js';
import { formatPath, plainPositions } from './located.js';

/** A file read by the full YAML reader, with every node's place: for syntax errors, keys given twice and locate(). */
export class PositionedSource {
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
    return this.position(this.offsetOf(path, atKey));
  }

  /** Where locate() points, as an offset into the text. */
  offsetOf(path: InputPath | undefined, atKey = false): number {
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
    return offset;
  }

  /** Keys given twice in one mapping (a user or group listed twice), located at the second one. */
  duplicateKeys(): Problem[] {
    return this.duplicateKeyOffsets().map(({ path, offset }) => ({ message: `${this.position(offset)}: ${formatPath(path)}: listed twice`, path }));
  }

  /** The keys given twice, each with the offset of its second appearance. */
  duplicateKeyOffsets(): { path: InputPath; offset: number }[] {
    const found: { path: InputPath; offset: number }[] = [];
    const walk = (node: unknown, path: InputPath) => {
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          if (seen.has(key)) found.push({ path: [...path, key], offset: (pair.key as Node).range?.[0] ?? 0 });
          seen.add(key);
          walk(pair.value, [...path, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, [...path, i]));
      }
    };
    walk(this.parsed().contents, []);
    return found;
  }
}

/**
 * locate() for a file, made when first asked (only when there is a problem to report): from the
 * plain YAML reader's offsets when the file is plain YAML, else from the full YAML reader.
 */
export function positionsOf(text: string): (path: InputPath | undefined, atKey?: boolean) => string {
  let locate: ((path: InputPath | undefined, atKey?: boolean) => string) | undefined;
  return (path, atKey) => {
    if (!locate) {
      locate = plainPositions(text);
      if (!locate) {
        const source = new PositionedSource(text);
        locate = (p, k) => source.locate(p, k);
      }
    }
    return locate(path, atKey);
  };
}
