// Namespace isolation: an instance reads and writes only the namespaces it was started with.
import { ToolError } from '../../mcp/tool.js';

export interface NamespaceScope {
  /** The bound namespaces; the first is the default. */
  readonly namespaces: readonly string[];
  /** The namespace argument checked against the bound set, or the default when absent. */
  resolve(requested: string | undefined): string;
}

export function createNamespaceScope(namespaces: readonly string[], context: string | null): NamespaceScope {
  const bound = namespaces.length ? [...namespaces] : ['default'];
  return {
    namespaces: bound,
    resolve(requested) {
      const ns = requested?.trim() || bound[0];
      if (!bound.includes(ns)) {
        throw new ToolError(
          `namespace "${ns}" is outside this server's scope (${context ? `context ${context}, ` : ''}namespaces: ${bound.join(', ')}); ` +
            'use one of those, or start another server with --namespace for it',
        );
      }
      return ns;
    },
  };
}

/** `--namespace a,b` to a list without blanks or repeats. */
export function parseNamespaceList(value: string | boolean | undefined): string[] {
  if (typeof value !== 'string') return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
