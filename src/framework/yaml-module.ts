/**
 * The yaml package, loaded when needed. It is CommonJS for Node: in the bundle a dynamic import of
 * it has only `default`, while from the sources (tsx) it has the named exports too.
 */
export async function loadYaml(): Promise<typeof import('yaml')> {
  const module: any = await import('yaml');
  return module.stringify ? module : module.default;
}
