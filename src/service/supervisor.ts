// Keeps our MCP server subprocesses running: restarts a crashed one with backoff, and one that stops answering
// its liveness ping; while it is down its tools answer a clear tool error and everything else goes on.
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { connectServer, type ConnectedServer, type ServerTarget } from '../client/connect.js';

export type ServerState = 'starting' | 'up' | 'down' | 'stopped';

export interface ServerStatus {
  name: string;
  state: ServerState;
  pid: number | null;
  restarts: number;
  lastError?: string;
  tools: number;
}

export interface SupervisedTool {
  server: string;
  tool: Tool;
}

/** What the gateway and the investigation runner need; a fake implements it in tests. */
export interface ToolBackend {
  tools(): SupervisedTool[];
  call(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    opts?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<CallToolResult>;
  status(): ServerStatus[];
  /** Each server up and answering a ping. */
  checkReady(): Promise<Array<{ name: string; ok: boolean; detail: string }>>;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  callTimeoutMs: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often each server is pinged (0 = never), and how long a ping may take before it counts as missed. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  onEvent?: (e: {
    type: 'up' | 'down' | 'restart_failed';
    server: string;
    detail?: string;
    pid?: number | null;
  }) => void;
  connect?: typeof connectServer;
}

interface Slot {
  target: ServerTarget;
  state: ServerState;
  conn?: ConnectedServer;
  /** Last tool list seen: kept while the server is down so clients still see (and get errors from) its tools. */
  tools: Tool[];
  attempts: number;
  restarts: number;
  lastError?: string;
  timer?: NodeJS.Timeout;
  pinger?: NodeJS.Timeout;
  /** Pings missed in a row: one can be a busy moment, MISSES_BEFORE_RESTART in a row is a wedged server. */
  missed: number;
}

/** A server that misses this many liveness pings in a row is killed and restarted. */
const MISSES_BEFORE_RESTART = 2;

function pidOf(conn: ConnectedServer | undefined): number | null {
  const transport = conn?.client.transport as { pid?: number | null } | undefined;
  return transport?.pid ?? null;
}

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

export class Supervisor implements ToolBackend {
  private readonly slots: Slot[];
  private stopping = false;
  private readonly connect: typeof connectServer;

  constructor(
    targets: ServerTarget[],
    private readonly opts: SupervisorOptions,
  ) {
    this.slots = targets.map((target) => ({
      target,
      state: 'starting',
      tools: [],
      attempts: 0,
      restarts: 0,
      missed: 0,
    }));
    this.connect = opts.connect ?? connectServer;
  }

  /** Starts every server; one that fails to start is retried in the background, never fatal. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.launch(slot)));
  }

  private async launch(slot: Slot): Promise<void> {
    slot.state = 'starting';
    try {
      const conn = await this.connect(slot.target, { timeoutMs: 30_000 });
      if (this.stopping) {
        await conn.close();
        return;
      }
      slot.conn = conn;
      slot.tools = conn.tools;
      slot.state = 'up';
      slot.attempts = 0;
      slot.lastError = undefined;
      slot.missed = 0;
      conn.client.onclose = () => this.onExit(slot, conn);
      this.watch(slot, conn);
      this.opts.onEvent?.({ type: 'up', server: slot.target.name, pid: pidOf(conn) });
    } catch (err) {
      slot.lastError = (err as Error).message.split('\n')[0];
      this.opts.onEvent?.({ type: 'restart_failed', server: slot.target.name, detail: slot.lastError });
      this.scheduleRestart(slot);
    }
  }

  /** Pings the server now and then; an event loop blocked by one bad call answers no ping, and is killed. */
  private watch(slot: Slot, conn: ConnectedServer): void {
    const every = this.opts.pingIntervalMs ?? 10_000;
    if (every <= 0) return;
    const timeout = this.opts.pingTimeoutMs ?? 5000;
    let busy = false;
    slot.pinger = setInterval(() => {
      if (busy || slot.conn !== conn) return;
      busy = true;
      conn.client
        .ping({ timeout })
        .then(
          () => (slot.missed = 0),
          () => {
            if (slot.conn !== conn) return;
            slot.missed += 1;
            if (slot.missed >= MISSES_BEFORE_RESTART)
              void this.recycle(
                slot,
                conn,
                `no answer to ${slot.missed} pings within ${timeout} ms; killed and restarted`,
              );
          },
        )
        .finally(() => (busy = false));
    }, every);
    slot.pinger.unref();
  }

  /** Kills a server that stopped answering (SIGKILL: a blocked event loop heeds nothing gentler) and restarts it. */
  private async recycle(slot: Slot, conn: ConnectedServer, reason: string): Promise<void> {
    if (slot.conn !== conn || this.stopping) return;
    const pid = pidOf(conn);
    slot.conn = undefined;
    if (slot.pinger) clearInterval(slot.pinger);
    slot.lastError = reason;
    this.opts.onEvent?.({ type: 'down', server: slot.target.name, detail: reason, pid });
    this.scheduleRestart(slot);
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await conn.close();
  }

  private onExit(slot: Slot, conn: ConnectedServer): void {
    if (slot.conn !== conn) return;
    if (slot.pinger) clearInterval(slot.pinger);
    slot.conn = undefined;
    if (this.stopping) {
      slot.state = 'stopped';
      return;
    }
    slot.lastError = 'the server process exited';
    this.opts.onEvent?.({ type: 'down', server: slot.target.name, detail: slot.lastError });
    this.scheduleRestart(slot);
  }

  private scheduleRestart(slot: Slot): void {
    if (this.stopping) return;
    slot.state = 'down';
    const initial = this.opts.initialBackoffMs ?? 200;
    const delay = Math.min(this.opts.maxBackoffMs ?? 30_000, initial * 2 ** slot.attempts);
    slot.attempts += 1;
    slot.restarts += 1;
    slot.timer = setTimeout(() => void this.launch(slot), delay);
    slot.timer.unref();
  }

  tools(): SupervisedTool[] {
    return this.slots.flatMap((s) => s.tools.map((tool) => ({ server: s.target.name, tool })));
  }

  async call(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<CallToolResult> {
    const slot = this.slots.find((s) => s.target.name === server);
    if (!slot) return toolError(`no server "${server}"`);
    const conn = slot.conn;
    if (!conn || slot.state !== 'up') {
      return toolError(
        `the ${server} server is unavailable (${slot.lastError ?? slot.state}); it is being restarted, retry in a few seconds`,
      );
    }
    const timeout = opts.timeoutMs ?? this.opts.callTimeoutMs;
    try {
      return (await conn.client.callTool(
        { name: tool, arguments: args },
        { timeout, signal: opts.signal },
      )) as CallToolResult;
    } catch (err) {
      const message = (err as Error).message;
      if (slot.conn !== conn)
        return toolError(
          `${tool} failed: the ${server} server stopped during the call; it is being restarted, retry in a few seconds`,
        );
      if (/timed? ?out/i.test(message))
        return toolError(`${tool} timed out after ${timeout} ms; narrow the window or the filters`);
      return toolError(`${tool} failed: ${message}`);
    }
  }

  status(): ServerStatus[] {
    return this.slots.map((s) => ({
      name: s.target.name,
      state: s.state,
      pid: pidOf(s.conn),
      restarts: s.restarts,
      lastError: s.lastError,
      tools: s.tools.length,
    }));
  }

  async checkReady(): Promise<Array<{ name: string; ok: boolean; detail: string }>> {
    return Promise.all(
      this.slots.map(async (s) => {
        if (!s.conn || s.state !== 'up') return { name: s.target.name, ok: false, detail: s.lastError ?? s.state };
        try {
          await s.conn.client.ping({ timeout: 2000 });
          return { name: s.target.name, ok: true, detail: `up, pid ${pidOf(s.conn)}` };
        } catch (err) {
          return { name: s.target.name, ok: false, detail: `no answer to ping: ${(err as Error).message}` };
        }
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const s of this.slots) {
      if (s.timer) clearTimeout(s.timer);
      if (s.pinger) clearInterval(s.pinger);
    }
    await Promise.all(
      this.slots.map(async (s) => {
        const conn = s.conn;
        s.conn = undefined;
        s.state = 'stopped';
        await conn?.close();
      }),
    );
  }
}
