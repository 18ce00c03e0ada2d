import { stringify } from 'yaml';
import type { AccessFileOut } from './document.js';

/**
 * An access document as file text. `yaml` is imported statically here: a dynamic import of this
 * CommonJS package in the bundle has only a `default` export, which once made export fail in the CLI.
 */
export function serializeAccessDocument(document: AccessFileOut, format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 });
}
