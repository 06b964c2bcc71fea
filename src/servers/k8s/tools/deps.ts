// What every k8s tool is built from.
import type { AuditLog } from '../../../core/audit.js';
import type { SourceOptions } from '../../types.js';
import type { K8sBackend } from '../backend.js';
import type { NamespaceScope } from '../scope.js';

export interface K8sDeps {
  backend: K8sBackend;
  scope: NamespaceScope;
  source: SourceOptions;
  audit: AuditLog;
}
