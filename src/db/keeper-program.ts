import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The keeper's program beside the bundle (dist/keeper.mjs). The sources have none: they open PGlite themselves. */
export function keeperProgram(): string | undefined {
  const program = fileURLToPath(new URL('./keeper.mjs', import.meta.url));
  return existsSync(program) ? program : undefined;
}
