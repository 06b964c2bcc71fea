// Kubernetes object names as tool arguments, checked before they become a URL path segment or a file name:
// ".." as a pod name would otherwise turn DELETE .../pods/.. into DELETE of the namespace.
import { z } from 'zod';

// DNS-1123 subdomain (pods, deployments, nodes) and label (containers), as the API server itself requires.
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function objectNameArg(what: string) {
  return z
    .string()
    .min(1)
    .max(253)
    .regex(SUBDOMAIN, {
      message: `${what}: a Kubernetes name is lowercase letters, digits, "-" and "." (DNS-1123), e.g. checkout-6c9d7f8b5-x1y2z`,
    });
}

export function containerNameArg() {
  return z
    .string()
    .min(1)
    .max(63)
    .regex(LABEL, { message: 'container: a container name is lowercase letters, digits and "-" (DNS-1123 label)' });
}
