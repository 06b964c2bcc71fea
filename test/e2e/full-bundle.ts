// An incident bundle with every source (logs, metrics, git, deployments, traces, k8s with pod logs), copied
// from ../shared/scenarios/inventory-oom plus test-made traces; optionally with a secret outside it and
// symlinks inside it that point at the secret.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toOtlpResourceSpans } from '../fakes/tempo.js';
import { FAILING_TRACE, incidentSpans } from '../servers/traces/fixture.js';
import { SHARED_SCENARIOS } from './helpers.js';

export const K8S_POD = 'inventory-service-7d9f8c3c-jhjzg';
export const K8S_CONTAINER = 'inventory-service';
export const K8S_NAMESPACE = 'production';
export const TRACE_ID = FAILING_TRACE;

export interface FullBundle {
  root: string;
  data: string;
  /** Text found only in the files outside the bundle. */
  secret: string;
  /** Absolute paths of the secret files. */
  secretFiles: string[];
}

export function makeFullBundle(opts: { withEscapes?: boolean } = {}): FullBundle {
  const root = mkdtempSync(join(tmpdir(), 'ip-bundle-'));
  const data = join(root, 'data');
  cpSync(join(SHARED_SCENARIOS, 'inventory-oom'), data, { recursive: true });
  mkdirSync(join(data, 'traces'));
  writeFileSync(
    join(data, 'traces', 'incident.json'),
    JSON.stringify({ resourceSpans: toOtlpResourceSpans(incidentSpans) }),
  );
  mkdirSync(join(data, 'k8s', 'logs'));
  writeFileSync(
    join(data, 'k8s', 'logs', `${K8S_POD}.log`),
    '2025-03-06T10:00:00Z starting\n2025-03-06T10:05:00Z java.lang.OutOfMemoryError: Java heap space\n',
  );
  writeFileSync(join(data, 'k8s', 'logs', `${K8S_POD}.previous.log`), '2025-03-06T09:00:00Z OOMKilled\n');
  const secret = `TOPSECRET-${Math.random().toString(36).slice(2)}`;
  const secretFiles: string[] = [];
  if (opts.withEscapes) {
    // Shaped as a log line, JSON and a kubeconfig-ish text, so whichever parser reads it would pass it on.
    const text = `2025-03-06T10:00:00Z ERROR [outside] ${secret}\n`;
    for (const name of ['outside-secret', 'outside-secret.log', 'outside-secret.json']) {
      writeFileSync(
        join(root, name),
        name.endsWith('.json') ? JSON.stringify({ items: [{ metadata: { name: secret } }], secret }) : text,
      );
      secretFiles.push(join(root, name));
    }
    writeFileSync(join(root, 'outside-secret.previous.log'), text);
    secretFiles.push(join(root, 'outside-secret.previous.log'));
    // Symlinks a tool argument can name: pod "escape" and "escape-rel", and a directory link "updir".
    symlinkSync(join(root, 'outside-secret.log'), join(data, 'k8s', 'logs', 'escape.log'));
    symlinkSync(join(root, 'outside-secret.previous.log'), join(data, 'k8s', 'logs', 'escape.previous.log'));
    symlinkSync('../../../outside-secret.log', join(data, 'k8s', 'logs', 'escape-rel.log'));
    symlinkSync(root, join(data, 'k8s', 'logs', 'updir'));
    symlinkSync(root, join(data, 'updir'));
  }
  return { root, data, secret, secretFiles };
}
