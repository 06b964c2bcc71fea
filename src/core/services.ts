// Which service a path belongs to in a monorepo: services/<name>/..., apps/<name>/..., <name>/...

const CONTAINER_DIRS = new Set([
  'services',
  'apps',
  'packages',
  'cmd',
  'src',
  'components',
  'svc',
  'microservices',
  'deploy',
  'charts',
  'k8s',
]);
const NOT_SERVICES = new Set([
  'docs',
  'doc',
  'test',
  'tests',
  '.github',
  'scripts',
  'tools',
  'vendor',
  'third_party',
  'lib',
  'libs',
  'common',
  'shared',
  'config',
  'infra',
  'node_modules',
  'build',
  'dist',
]);

/** The service a path touches, or null when it is repository-wide (README.md, .github/, docs/). */
export function serviceOfPath(path: string, known?: ReadonlySet<string>): string | null {
  const parts = path.split('/').filter(Boolean);
  if (known && known.size) {
    for (const p of parts) if (known.has(p)) return p;
  }
  if (parts.length < 2) return null;
  const [first, second] = parts;
  if (CONTAINER_DIRS.has(first) && parts.length >= 3) return NOT_SERVICES.has(second) ? null : second;
  if (NOT_SERVICES.has(first) || first.startsWith('.')) return null;
  return first;
}

export function servicesOfPaths(paths: Iterable<string>, known?: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const s = serviceOfPath(p, known);
    if (s) out.add(s);
  }
  return [...out].sort();
}
