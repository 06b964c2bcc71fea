// The one interface every k8s backend implements: files (kubectl -o json output) or a live API server.
import type { HealthCheck } from '../types.js';
import type { Deployment, KubeEvent, KubeNode, Pod } from './objects.js';

export interface PodLogOptions {
  container?: string;
  tailLines: number;
  previous: boolean;
}

export interface K8sBackend {
  readonly name: string;
  /** The kube context this instance is bound to (null for files and in-cluster). */
  readonly context: string | null;
  /** False for files: there is nothing to write to. */
  readonly writable: boolean;
  /** "Now" for ages and windows: the latest time in the data for files, the clock for live. */
  now(): Promise<number>;
  listPods(namespace: string, labelSelector?: string, signal?: AbortSignal): Promise<Pod[]>;
  listEvents(namespace: string, signal?: AbortSignal): Promise<KubeEvent[]>;
  /** Log lines of a pod, oldest first; null when there is no log to read. */
  podLog(namespace: string, pod: string, opts: PodLogOptions, signal?: AbortSignal): Promise<string[] | null>;
  getPod(namespace: string, name: string, signal?: AbortSignal): Promise<Pod | null>;
  getDeployment(namespace: string, name: string, signal?: AbortSignal): Promise<Deployment | null>;
  getNode(name: string, signal?: AbortSignal): Promise<KubeNode | null>;
  deletePod(namespace: string, name: string): Promise<void>;
  /** Sets the kubectl.kubernetes.io/restartedAt pod-template annotation, as `kubectl rollout restart` does. */
  restartDeployment(namespace: string, name: string, at: string): Promise<void>;
  scaleDeployment(namespace: string, name: string, replicas: number): Promise<void>;
  health(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}
