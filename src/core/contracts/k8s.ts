// The k8s server's tool contracts: pods, events, pod logs, describe, and the write tools' outcome.
import { z } from 'zod';
import { checkEnvironmentOutput } from './traces.js';

export const terminationSchema = z.object({
  reason: z.string().nullable().describe('OOMKilled, Error, Completed, ...'),
  exitCode: z.number().nullable(),
  finishedAt: z.string().nullable(),
});

export const containerOutSchema = z.object({
  name: z.string(),
  ready: z.boolean(),
  restarts: z.number(),
  state: z.string().describe('running, waiting: <reason>, terminated: <reason>'),
  lastTermination: terminationSchema.nullable(),
  limits: z.record(z.string(), z.string()).optional(),
  image: z.string().nullable(),
});

export const podOutSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  phase: z.string(),
  ready: z.string().describe('ready containers / containers, e.g. 1/2'),
  restarts: z.number(),
  node: z.string().nullable(),
  age: z.string().nullable(),
  owner: z
    .object({ kind: z.string(), name: z.string(), inferred: z.boolean() })
    .nullable()
    .describe('the Deployment (via its ReplicaSet) or other controller'),
  containers: z.array(containerOutSchema),
  problems: z.array(z.string()).describe('what looks wrong: OOMKilled, CrashLoopBackOff, not ready, ...'),
});
export type PodOut = z.infer<typeof podOutSchema>;

export const getPodsOutput = z.object({
  namespace: z.string(),
  labelSelector: z.string().nullable(),
  pods: z.array(podOutSchema).describe('pods with problems first'),
  total: z.number(),
  unhealthy: z.number(),
  note: z.string().optional(),
});
export type GetPodsOutput = z.infer<typeof getPodsOutput>;

export const eventOutSchema = z.object({
  type: z.string().describe('Warning or Normal'),
  reason: z.string(),
  object: z.string().describe('Kind/name of the involved object'),
  count: z.number(),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  message: z.string(),
});
export type EventOut = z.infer<typeof eventOutSchema>;

export const getEventsOutput = z.object({
  namespace: z.string(),
  events: z.array(eventOutSchema).describe('Warning events first, then Normal; newest first within each'),
  total: z.number().describe('events matching the filters before limit'),
  byReason: z.array(z.object({ type: z.string(), reason: z.string(), events: z.number(), occurrences: z.number() })),
  note: z.string().optional(),
});
export type GetEventsOutput = z.infer<typeof getEventsOutput>;

export const podLogsOutput = z.object({
  namespace: z.string(),
  pod: z.string(),
  container: z.string().nullable(),
  previous: z.boolean(),
  lines: z.array(z.string()),
  returned: z.number(),
  note: z.string().optional(),
});
export type PodLogsOutput = z.infer<typeof podLogsOutput>;

export const describeOutput = z.object({
  kind: z.enum(['pod', 'deployment', 'node']),
  name: z.string(),
  namespace: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).describe('spec essentials and status'),
  conditions: z.array(
    z.object({
      type: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      message: z.string().nullable(),
      lastTransition: z.string().nullable(),
    }),
  ),
  events: z.array(eventOutSchema).describe('recent events for this object (for a deployment, also its pods)'),
});
export type DescribeOutput = z.infer<typeof describeOutput>;

export const writeOutcomeOutput = z.object({
  status: z
    .enum(['done', 'planned', 'declined'])
    .describe('planned: nothing was changed; call again with confirm: true to do it'),
  action: z.string(),
  target: z.object({ kind: z.string(), namespace: z.string(), name: z.string() }),
  plan: z.string().describe('exactly what the change does'),
  message: z.string(),
  auditLog: z.string().describe('where this attempt was recorded'),
});
export type WriteOutcomeOutput = z.infer<typeof writeOutcomeOutput>;

export const k8sEnvironmentOutput = checkEnvironmentOutput.extend({
  context: z.string().nullable(),
  namespaces: z.array(z.string()).describe('the namespaces this server may read (the first is the default)'),
  writesEnabled: z.boolean(),
});
export type K8sEnvironmentOutput = z.infer<typeof k8sEnvironmentOutput>;
