// Lets one server use another's tools through MCP (traces -> logs), starting the peers on first use.
import type { SourceOptions } from '../servers/types.js';
import type { ToolContext } from '../mcp/tool.js';
import { configuredServers, startServers } from './start.js';
import type { ToolRouter } from './router.js';

export interface PeerCaller {
  callTool: NonNullable<ToolContext['callTool']>;
  close(): Promise<void>;
}

export function createPeerCaller(self: string, source: SourceOptions): PeerCaller {
  let router: Promise<ToolRouter> | undefined;
  const peers = () => configuredServers(source).filter((n) => n !== self);
  return {
    async callTool(name, args) {
      router ??= startServers({ source, servers: peers() });
      const r = await router;
      const res = await r.call(name, args);
      return { structured: res.structured, text: res.text, isError: !res.ok };
    },
    async close() {
      if (router) await (await router.catch(() => undefined))?.close();
    },
  };
}
