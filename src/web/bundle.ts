// A minimal bundler for our own browser modules: tsc already compiled them to ESM; here each module becomes a
// function scope in one classic script, so the same code can be inlined in an offline HTML file or served.
// It understands only what tsc emits for our files: relative named imports and named function/const/class exports.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** src/ when running from TypeScript (tests), dist/ when running the build. */
const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '..'));
const FROM_SOURCE = import.meta.url.endsWith('.ts');

interface Module {
  id: string;
  code: string;
  imports: Array<{ from: string; names: string }>;
  exports: string[];
}

const cache = new Map<string, string>();

function transpile(source: string, file: string): string {
  // Only in development (tests run the .ts sources): typescript is a dev dependency.
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  return ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

function readCompiled(id: string): string {
  const file = join(ROOT, FROM_SOURCE ? id.replace(/\.js$/, '.ts') : id);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`web bundle: cannot read ${file} (${(err as Error).message}); run \`npm run build\``);
  }
  return FROM_SOURCE ? transpile(text, file) : text;
}

function resolveId(fromId: string, spec: string): string {
  if (!spec.startsWith('.'))
    throw new Error(`web bundle: ${fromId} imports "${spec}"; browser modules may import only relative modules`);
  return relative(ROOT, join(ROOT, dirname(fromId), spec))
    .split('\\')
    .join('/');
}

function parseModule(id: string): Module {
  const imports: Module['imports'] = [];
  const exports: string[] = [];
  let code = readCompiled(id)
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
    .replace(/^import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?\s*$/gm, (_m, names: string, from: string) => {
      imports.push({ from: resolveId(id, from), names });
      return '';
    })
    .replace(
      /^export\s+(async\s+function\*?|function\*?|const|let|class)\s+([\w$]+)/gm,
      (_m, kind: string, name: string) => {
        exports.push(name);
        return `${kind} ${name}`;
      },
    )
    .replace(/^export\s*\{([^}]*)\};?\s*$/gm, (_m, names: string) => {
      for (const part of names.split(',')) {
        const [local, alias] = part.trim().split(/\s+as\s+/);
        if (local) exports.push(alias ? `${alias}: ${local}` : local);
      }
      return '';
    });
  if (/^\s*(import|export)\b/m.test(code)) {
    const line = /^\s*(import|export)\b.*$/m.exec(code)?.[0] ?? '';
    throw new Error(`web bundle: ${id} has a statement the bundler does not handle: ${line.trim()}`);
  }
  code = code.replace(/^export\s*\{\s*\};?\s*$/gm, '');
  return { id, code, imports, exports };
}

function varName(id: string): string {
  return `__m_${id.replace(/[^\w]/g, '_')}`;
}

/**
 * One classic script holding the entry module (a path under src/ or dist/, e.g. "web/client/app.js") and its imports.
 */
export function bundleBrowserModules(entry: string): string {
  const hit = cache.get(entry);
  if (hit) return hit;
  const ordered: Module[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const mod = parseModule(id);
    for (const imp of mod.imports) visit(imp.from);
    ordered.push(mod);
  };
  visit(entry);
  const parts = ordered.map((m) => {
    const bindings = m.imports
      .map((imp) => `const {${imp.names.replace(/\s+as\s+/g, ': ')}} = ${varName(imp.from)};`)
      .join('\n');
    return `const ${varName(m.id)} = (() => {\n${bindings}\n${m.code}\nreturn { ${m.exports.join(', ')} };\n})();`;
  });
  const script = `(() => {\n"use strict";\n${parts.join('\n')}\n})();\n`;
  cache.set(entry, script);
  return script;
}
