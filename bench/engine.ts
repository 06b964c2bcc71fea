// The correlation engine alone: tool results recorded once from the real servers, then replayed to
// investigate() so the time is the engine's own work (onset, ranking, report), not the servers'.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServers } from '../src/client/start.js';
import type { ToolCaller, ToolResult } from '../src/core/tool-caller.js';
import { investigate } from '../src/engine/investigate.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [join(REPO, 'samples', 'checkout-db-pool')];

for (const dataDir of dirs) {
  const router = await startServers({ source: { dataDir, env: {} } });
  const recorded = new Map<string, ToolResult>();
  const recorder: ToolCaller = {
    tools: () => router.tools(),
    has: (n) => router.has(n),
    async call(name, args) {
      const res = await router.call(name, args);
      recorded.set(`${name} ${JSON.stringify(args)}`, res);
      return res;
    },
  };
  const incident = 'incident';
  await investigate(incident, recorder);
  await router.close();
  const replay: ToolCaller = {
    tools: () => router.tools(),
    has: (n) => router.has(n),
    call: async (name, args) =>
      recorded.get(`${name} ${JSON.stringify(args)}`) ?? {
        server: 'replay',
        tool: name,
        ok: false,
        text: 'not recorded',
        durationMs: 0,
        index: 0,
      },
  };
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await investigate(incident, replay);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `engine on ${dataDir}: median ${times[10].toFixed(1)} ms, min ${times[0].toFixed(1)} ms over 20 replays (${recorded.size} tool results)\n`,
  );
}
