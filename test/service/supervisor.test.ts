// The supervisor with a real MCP subprocess: a call in flight when the child dies fails cleanly, the next succeeds.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/service/supervisor.js';
import { waitFor } from './helpers.js';

const SLOW = fileURLToPath(new URL('./fixtures/slow-server.mjs', import.meta.url));
const text = (r: { content?: Array<{ type: string; text?: string }> }) =>
  (r.content ?? []).map((c) => c.text ?? '').join('\n');

let sup: Supervisor | undefined;
afterEach(async () => {
  await sup?.stop();
  sup = undefined;
});

async function waitUp(s: Supervisor, name: string, notPid?: number | null): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const st = s.status().find((x) => x.name === name)!;
    if (st.state === 'up' && st.pid && st.pid !== notPid) return st.pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not come up`);
}

describe('Supervisor', () => {
  it('fails a call in flight when its server dies, answers a clear error while down, and succeeds after the restart', async () => {
    const events: string[] = [];
    sup = new Supervisor([{ name: 'slow', kind: 'stdio', command: process.execPath, args: [SLOW] }], {
      callTimeoutMs: 10_000,
      initialBackoffMs: 300,
      onEvent: (e) => events.push(e.type),
    });
    await sup.start();
    const pid = await waitUp(sup, 'slow');
    expect(
      sup
        .tools()
        .map((t) => t.tool.name)
        .sort(),
    ).toEqual(['block', 'echo', 'sleep', 'write']);

    const inFlight = sup.call('slow', 'sleep', { ms: 5000 });
    await new Promise((r) => setTimeout(r, 200));
    process.kill(pid, 'SIGKILL');
    const failed = await inFlight;
    expect(failed.isError).toBe(true);
    expect(text(failed)).toMatch(/stopped during the call/);

    const down = await sup.call('slow', 'echo', { text: 'hi' });
    expect(down.isError).toBe(true);
    expect(text(down)).toMatch(/unavailable.*restart/);
    // Tools stay listed while the server is down, so clients get this clear error rather than "unknown tool".
    expect(sup.tools().length).toBe(4);
    expect((await sup.checkReady())[0].ok).toBe(false);

    const newPid = await waitUp(sup, 'slow', pid);
    const ok = await sup.call('slow', 'echo', { text: 'hi' });
    expect(ok.isError).toBeFalsy();
    expect(text(ok)).toBe(`echo hi from ${newPid}`);
    expect(sup.status()[0].restarts).toBe(1);
    expect(events).toEqual(['up', 'down', 'up']);
    expect((await sup.checkReady())[0].ok).toBe(true);
  }, 30_000);

  it('kills and restarts a server that stops answering its liveness ping, and serves again after', async () => {
    const events: Array<{ type: string; detail?: string }> = [];
    sup = new Supervisor([{ name: 'slow', kind: 'stdio', command: process.execPath, args: [SLOW] }], {
      callTimeoutMs: 60_000,
      initialBackoffMs: 100,
      pingIntervalMs: 200,
      pingTimeoutMs: 300,
      onEvent: (e) => events.push({ type: e.type, detail: e.detail }),
    });
    await sup.start();
    const pid = await waitUp(sup, 'slow');
    // A call that blocks the server's event loop for a minute: no reply, no pings answered.
    const started = Date.now();
    const wedged = await sup.call('slow', 'block', { ms: 60_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(wedged.isError).toBe(true);
    expect(text(wedged)).toMatch(/stopped during the call/);
    const newPid = await waitUp(sup, 'slow', pid);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(sup.status()[0].restarts).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['up', 'down', 'up']);
    expect(events[1].detail).toMatch(/no answer to 2 pings within 300 ms/);
    expect(text(await sup.call('slow', 'echo', { text: 'hi' }))).toBe(`echo hi from ${newPid}`);
    expect((await sup.checkReady())[0].ok).toBe(true);
  }, 30_000);

  it('leaves a busy but answering server alone', async () => {
    sup = new Supervisor([{ name: 'slow', kind: 'stdio', command: process.execPath, args: [SLOW] }], {
      callTimeoutMs: 10_000,
      pingIntervalMs: 100,
      pingTimeoutMs: 300,
    });
    await sup.start();
    await waitUp(sup, 'slow');
    // sleep awaits a timer: the event loop is free, pings are answered, nothing is restarted.
    expect(text(await sup.call('slow', 'sleep', { ms: 1500 }))).toBe('slept 1500');
    expect(sup.status()[0].restarts).toBe(0);
  }, 30_000);

  it('times a slow call out as a tool error', async () => {
    sup = new Supervisor([{ name: 'slow', kind: 'stdio', command: process.execPath, args: [SLOW] }], {
      callTimeoutMs: 300,
    });
    await sup.start();
    await waitUp(sup, 'slow');
    const res = await sup.call('slow', 'sleep', { ms: 3000 });
    expect(res.isError).toBe(true);
    expect(text(res)).toMatch(/timed out after 300 ms/);
  }, 30_000);

  it('keeps retrying a server that cannot start, with backoff, without failing start()', async () => {
    sup = new Supervisor(
      [{ name: 'broken', kind: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'] }],
      { callTimeoutMs: 1000, initialBackoffMs: 50, maxBackoffMs: 100 },
    );
    await sup.start();
    const res = await sup.call('broken', 'anything', {});
    expect(res.isError).toBe(true);
    expect(text(res)).toMatch(/broken server is unavailable/);
    // Restarts go on past the first failure (each start of Node takes longer on a busy machine, so wait for them).
    await waitFor('a second restart', async () => (sup!.status()[0].restarts > 1 ? true : undefined), 20_000, 50);
  }, 30_000);
});
