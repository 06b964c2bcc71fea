// get_events: Warning events first (OOMKilling, BackOff, Unhealthy, Evicted, FailedScheduling...), then Normal.
import { z } from 'zod';
import { getEventsOutput } from '../../../core/contracts/k8s.js';
import { parseTimestamp } from '../../../core/time.js';
import { resolveWindow } from '../../../core/window.js';
import { defineTool } from '../../../mcp/tool.js';
import { concernsObject, countByReason, sortEvents, summarizeEvent } from '../events.js';
import type { K8sDeps } from './deps.js';
import { namespaceArg } from './get-pods.js';

export function createGetEventsTool({ backend, scope }: K8sDeps) {
  return defineTool({
    name: 'get_events',
    title: 'Kubernetes events',
    description:
      'List the Kubernetes events of a namespace: Warning events first (OOMKilling, BackOff, Unhealthy, Evicted, FailedScheduling, FailedMount...), newest first, ' +
      'each with the object it concerns, how many times it happened, first/last time and the message; plus counts by reason. ' +
      'involved_object narrows to one object ("pod-name", "Deployment/name"; a bare name also matches the pods named after it).',
    input: z
      .object({
        namespace: namespaceArg,
        involved_object: z.string().min(1).optional(),
        since: z
          .string()
          .optional()
          .describe(
            'only events last seen at or after this time: ISO 8601, epoch seconds, or a duration before now (30m, 2h)',
          ),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: getEventsOutput,
    async run(args, ctx) {
      const ns = scope.resolve(args.namespace);
      const [raw, now] = await Promise.all([backend.listEvents(ns, ctx.signal), backend.now()]);
      // Without since, every event the cluster still keeps (they expire after about an hour on a live one).
      const since = args.since ? resolveWindow({ since: args.since }, { extent: null, now }).from : null;
      const matching = raw
        .filter((e) => !args.involved_object || concernsObject(e, args.involved_object))
        .map(summarizeEvent);
      const inWindow =
        since === null
          ? matching
          : matching.filter((e) => {
              const t = parseTimestamp(e.lastTime ?? '');
              return Number.isNaN(t) || t >= since;
            });
      const sorted = sortEvents(inWindow);
      return {
        namespace: ns,
        events: sorted.slice(0, args.limit),
        total: sorted.length,
        byReason: countByReason(sorted),
        ...(sorted.length
          ? {}
          : {
              note: `no events in ${ns}${args.involved_object ? ` for ${args.involved_object}` : ''}${args.since ? ` since ${args.since}` : ''}; events expire after about an hour on a live cluster`,
            }),
      };
    },
    render(r) {
      const head = `${r.total} event(s) in ${r.namespace}: ${r.byReason.map((b) => `${b.type} ${b.reason} x${b.occurrences}`).join(', ')}`;
      const rows = r.events.map(
        (e) =>
          `${e.type} ${e.reason} ${e.object} x${e.count} ${e.firstTime ?? '?'}..${e.lastTime ?? '?'}: ${e.message}`,
      );
      return [head, ...rows, r.note ?? ''].filter(Boolean).join('\n');
    },
  });
}
