import { createRequire } from 'node:module';

/**
 * Sets V8 flags while running. node:v8 is loaded here only, when a flag is set: requiring it costs a
 * start ~5 ms, which a command that sets none (any command on a server) does without.
 */
export function setV8Flags(flags: string): void {
  (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
}
