// The one path every write tool takes: scope check, confirmation (elicitation or confirm: true), audit, then act.
import type { WriteOutcomeOutput } from '../../../core/contracts/k8s.js';
import { describeError } from '../../../core/errors.js';
import { toIso } from '../../../core/time.js';
import { ToolError, type ToolContext } from '../../../mcp/tool.js';
import type { K8sDeps } from './deps.js';

export interface WriteRequest {
  tool: string;
  args: Record<string, unknown> & { namespace?: string; confirm?: boolean };
  action: string;
  kind: string;
  name: string;
  /** Says exactly what will change, given the resolved namespace. */
  describePlan(namespace: string): string;
  perform(namespace: string): Promise<void>;
}

export async function runWrite(deps: K8sDeps, req: WriteRequest, ctx: ToolContext): Promise<WriteOutcomeOutput> {
  const caller = ctx.caller ?? 'stdio';
  const record = async (status: string, message: string): Promise<string> => {
    try {
      await deps.audit.append({
        time: toIso(Date.now()),
        caller,
        server: 'k8s',
        tool: req.tool,
        arguments: req.args,
        result: { status, message },
      });
      return '';
    } catch (err) {
      return ` (warning: the audit log ${deps.audit.path} could not be written: ${describeError(err)})`;
    }
  };
  const refuse = async (message: string): Promise<never> => {
    throw new ToolError(message + (await record('refused', message)));
  };

  if (!deps.backend.writable)
    await refuse(`${req.tool} refused: this k8s server reads kubectl output files, there is no cluster to change`);
  let namespace = '';
  try {
    namespace = deps.scope.resolve(req.args.namespace);
  } catch (err) {
    await refuse(describeError(err));
  }
  const plan = req.describePlan(namespace);
  const target = { kind: req.kind, namespace, name: req.name };
  const base = { action: req.action, target, plan, auditLog: deps.audit.path };
  const context = deps.backend.context ? ` (context ${deps.backend.context})` : '';

  const answer = ctx.confirm ? await ctx.confirm(`${plan}${context}. Proceed?`) : undefined;
  if (answer === false) {
    const message = `declined by the user: nothing was changed`;
    return { ...base, status: 'declined', message: message + (await record('declined', message)) };
  }
  if (answer === undefined && req.args.confirm !== true) {
    const message = `nothing was changed. This would: ${plan}${context}. To do it, call ${req.tool} again with the same arguments and confirm: true`;
    return { ...base, status: 'planned', message: message + (await record('planned', message)) };
  }
  try {
    await req.perform(namespace);
  } catch (err) {
    const message = `${req.action} failed: ${describeError(err)}`;
    throw new ToolError(message + (await record('failed', message)));
  }
  const message = `done: ${plan}${context}`;
  return { ...base, status: 'done', message: message + (await record('done', message)) };
}
