#!/usr/bin/env node
// Runs the bundle (npm run build, done by `npm install`), or the TypeScript sources in a checkout without one.
import { existsSync } from 'node:fs';
import module from 'node:module';

const bundle = new URL('../dist/accessctl.mjs', import.meta.url);
if (existsSync(bundle)) {
  // V8's code cache for the bundle saves its compile time on every later start (Node >= 22.1).
  module.enableCompileCache?.();
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/main.ts');
  await main();
}
