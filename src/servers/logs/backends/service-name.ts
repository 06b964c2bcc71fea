// The service a log file belongs to when its lines do not say: the file name without extensions and rotation suffixes.

const EXTENSIONS = /\.(gz|gzip|log|logs|jsonl|ndjson|json|txt|out|err|stdout|stderr)$/i;
const ROTATION = /\.\d{1,3}$/; // app.log.1 (a dash suffix may be part of the name: worker-2)
const DATE_SUFFIX = /[.\-_](\d{4}-?\d{2}-?\d{2}(?:[T_-]?\d{2}(?:-?\d{2}){0,2})?)$/; // app-2025-01-15, app.20250115, app-2025-01-15-14

/** `checkout-api.log.1.gz` -> `checkout-api`; `app-2025-01-15.log` -> `app`. */
export function serviceFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  let name = base;
  for (let i = 0; i < 6; i++) {
    const next = name.replace(EXTENSIONS, '').replace(DATE_SUFFIX, '').replace(ROTATION, '');
    if (next === name || next.length === 0) break;
    name = next;
  }
  return name || base;
}
