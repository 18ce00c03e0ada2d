import { readFile } from 'node:fs/promises';
import { setV8Flags } from './v8-flags.js';

/**
 * V8 runs PGlite's 9 MB of WebAssembly with its baseline compiler (Liftoff), and by default recompiles
 * the functions that run hot with its optimizing one (TurboFan) on background threads. A command
 * lives about a second: with that recompiling, opening PGlite took twice the CPU (0.66 s against
 * 0.32 s on Node 20) and 65 MB more, and a 200,000-row workload took no less CPU (README, Speed).
 * Set at run time, so that it holds however accessctl is started (bin, the bundle, the tests).
 */
const WASM_FLAGS = '--liftoff-only';

let compiling: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * Compiles PGlite's WebAssembly. Started as the process starts (compileEngineEarly), the compile runs on
 * V8's background threads while accessctl's own code loads, and the embedded database opens that much
 * sooner. It reads the copy the bundle keeps beside it (dist/pglite.wasm); without one (the sources
 * under tsx) there is nothing to compile here and PGlite loads its own.
 */
export function compiledEngine(): Promise<WebAssembly.Module | undefined> {
  // Before the compile: V8 reads the flag then.
  setV8Flags(WASM_FLAGS);
  compiling ??= readFile(new URL('./pglite.wasm', import.meta.url))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
  return compiling;
}
