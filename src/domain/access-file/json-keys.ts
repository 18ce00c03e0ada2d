// Every string of a JSON text, and whether a colon follows it (then it is a key). Strings are
// matched from the first quote on, so a quote inside one (escaped) never starts another.
const STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/** The keys of every object in a parsed JSON value. */
function keysIn(value: unknown): number {
  if (Array.isArray(value)) {
    let count = 0;
    for (const item of value) if (typeof item === 'object' && item !== null) count += keysIn(item);
    return count;
  }
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  for (const key of Object.keys(value)) {
    count++;
    const inner = (value as Record<string, unknown>)[key];
    if (typeof inner === 'object' && inner !== null) count += keysIn(inner);
  }
  return count;
}

/**
 * Whether no object of a JSON text gives a key twice. JSON.parse keeps the last one silently; the
 * text then has more keys than the value it parsed to, and is read again by a reader that says where.
 */
export function jsonKeysAreUnique(text: string, value: unknown): boolean {
  let written = 0;
  for (const match of text.matchAll(STRING)) if (match[1] !== undefined) written++;
  return written === keysIn(value);
}

/** The value of a JSON text whose objects give no key twice; undefined for anything else. */
export function parseUniqueJson(text: string): { value: unknown } | undefined {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return jsonKeysAreUnique(text, value) ? { value } : undefined;
  } catch {
    // Not JSON: YAML (flow style, comments), or an error a YAML reader locates.
    return undefined;
  }
}
