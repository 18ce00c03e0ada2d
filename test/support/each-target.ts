import { describe } from 'vitest';
import { embeddedTarget, pgServer, serverTarget, type Target } from './targets.js';

export interface TargetKind {
  label: string;
  make(): Promise<Target>;
  server: boolean;
}

/** A Django-migrated database (the fixture with myapp.Thing and the proxy SpecialThing), embedded and on a server. */
export const DJANGO_TARGETS: TargetKind[] = [
  { label: 'embedded database loaded from the Django fixture', make: () => embeddedTarget('django'), server: false },
  { label: 'PostgreSQL server loaded from the Django fixture', make: () => serverTarget('django'), server: true },
];

export const SERVER_DJANGO_TARGET: TargetKind = DJANGO_TARGETS[1] ?? { label: 'none', make: () => Promise.reject(new Error('no server target')), server: true };

/** describe() once per kind of database; server ones are skipped only when no server could start outside CI. */
export function describeEachTarget(title: string, kinds: TargetKind[], body: (make: () => Promise<Target>) => void): void {
  for (const kind of kinds) {
    describe.skipIf(kind.server && !pgServer())(`${title} — ${kind.label}`, () => body(kind.make));
  }
}
