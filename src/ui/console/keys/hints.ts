import type { KeyHint } from './catalog.js';

const SEPARATOR = ' · ';
const text = (h: KeyHint) => `${h.keys} ${h.what}`;

/**
 * The footer: as many hints as fit in `width`, the most important first (rank 0 — `?` and `q` —
 * always), shown in their catalogue order.
 */
export function fitHints(hints: KeyHint[], width: number): string {
  const byRank = hints.map((h, i) => ({ h, i })).sort((a, b) => a.h.rank - b.h.rank || a.i - b.i);
  const chosen = new Set<number>();
  let used = 0;
  for (const { h, i } of byRank) {
    const cost = text(h).length + (chosen.size ? SEPARATOR.length : 0);
    if (h.rank > 0 && used + cost > width) continue;
    chosen.add(i);
    used += cost;
  }
  return hints
    .filter((_, i) => chosen.has(i))
    .map(text)
    .join(SEPARATOR);
}
