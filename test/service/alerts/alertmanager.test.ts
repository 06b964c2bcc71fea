// Alertmanager into the service `serve` runs (SQLite, in this process), answers out to the Slack, Teams and webhook fakes: one investigation per
// alert group, repeats join it, `resolved` marks it, the alerts role reaches nothing else, and the Slack thread's root
// message is updated with the culprit.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacHex } from '../../../src/service/alerts/signatures.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack.js';
import { startTeamsFake, type TeamsFake } from '../../fakes/teams.js';
import {
  CHECKOUT,
  getJson,
  postJson,
  startServiceInProcess,
  tempDir,
  TOKENS,
  waitFor,
  type Service,
} from '../helpers.js';
import {
  ALERT_TOKENS_ENV,
  alertmanagerPayload,
  AM_TOKEN,
  investigationsOf,
  SLACK_TOKEN,
  writeServiceConfig,
} from './helpers.js';

const WEBHOOK_SECRET = 'outbound-webhook-secret-42';
let serve: Service;
let slack: SlackFake;
let teams: TeamsFake;
let hook: Server;
let hookUrl = '';
const hookBodies: Array<{ body: string; signature: string; event: string }> = [];

const ONSET = '2025-01-15T14:45:00Z';
const checkoutAlert = (fingerprint: string, extra: Record<string, string> = {}) => ({
  labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'page', ...extra },
  summary: '500 errors on checkout API',
  startsAt: '2025-01-15T14:46:00Z',
  fingerprint,
});

beforeAll(async () => {
  slack = await startSlackFake({ token: SLACK_TOKEN });
  teams = await startTeamsFake();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hookBodies.push({
        body,
        signature: String(req.headers['x-incident-pilot-signature'] ?? ''),
        event: String(req.headers['x-incident-pilot-event'] ?? ''),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/incident`;
  const config = writeServiceConfig({
    publicUrl: 'https://pilot.example.com',
    routes: [
      { match: { severity: 'page' }, slack: '#incidents', continue: true },
      { match: { team: 'payments' }, slack: '#payments-oncall' },
    ],
    delivery: { attempts: 3, backoffMs: 50, timeoutMs: 2000 },
  });
  const dir = tempDir('ip-alerts-am-');
  serve = await startServiceInProcess(['--data', CHECKOUT, '--db', `${dir}/db.sqlite`], {
    INCIDENT_PILOT_TOKENS: ALERT_TOKENS_ENV,
    INCIDENT_PILOT_RATE_LIMIT: '100000',
    INCIDENT_PILOT_CONFIG: config,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_CHANNEL: '#alerts-default',
    SLACK_WEBHOOK_URL: slack.webhookUrl,
    TEAMS_WEBHOOK_URL: teams.workflowUrl,
    INCIDENT_PILOT_WEBHOOK_URL: hookUrl,
    INCIDENT_PILOT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  await slack?.close();
  await teams?.close();
  await new Promise((r) => hook?.close(r));
});

describe('the alerts role', () => {
  it('posts alerts and reaches nothing else: not the investigations API, not MCP', async () => {
    expect((await getJson(`${serve.url}/api/investigations`, AM_TOKEN)).status).toBe(403);
    expect((await postJson(`${serve.url}/api/investigations`, { incident: 'x' }, AM_TOKEN)).status).toBe(403);
    const mcp = await postJson(`${serve.url}/mcp`, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, AM_TOKEN, {
      accept: 'application/json, text/event-stream',
    });
    expect(mcp.status).toBe(403);
    // A viewer may not post alerts; no token at all is 401.
    expect(
      (
        await postJson(
          `${serve.url}/api/alerts/alertmanager`,
          alertmanagerPayload({ alertname: 'X' }, [checkoutAlert('f0')]),
          TOKENS.viewer,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await postJson(
          `${serve.url}/api/alerts/alertmanager`,
          alertmanagerPayload({ alertname: 'X' }, [checkoutAlert('f0')]),
        )
      ).status,
    ).toBe(401);
  });

  it("names the bad field of a payload that is not Alertmanager's", async () => {
    const res = await postJson(`${serve.url}/api/alerts/alertmanager`, { status: 'firing', alerts: [] }, AM_TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Alertmanager payload: .*alerts/);
  });
});

describe('Alertmanager in, Slack, Teams and webhook out', () => {
  let id = '';

  it('makes one investigation of five notifications of one group, found by fingerprint', async () => {
    const group = { alertname: 'CheckoutErrors', service: 'checkout-api' };
    const first = await postJson(
      `${serve.url}/api/alerts/alertmanager`,
      alertmanagerPayload(group, [checkoutAlert('fp-checkout-1')]),
      AM_TOKEN,
    );
    expect(first.status).toBe(202);
    expect(first.body.outcome).toBe('started');
    id = first.body.investigation;
    // Four repeats, the last with a second alert joining the group.
    for (let i = 0; i < 4; i++) {
      const alerts =
        i === 3
          ? [checkoutAlert('fp-checkout-1'), checkoutAlert('fp-checkout-2', { pod: 'checkout-7d9' })]
          : [checkoutAlert('fp-checkout-1')];
      const again = await postJson(
        `${serve.url}/api/alerts/alertmanager`,
        alertmanagerPayload(group, alerts),
        AM_TOKEN,
      );
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ outcome: 'joined', investigation: id });
    }
    const all = await investigationsOf(serve.url, TOKENS.viewer);
    expect(all.filter((i) => i.incident === '500 errors on checkout API')).toHaveLength(1);
    for (const fp of ['fp-checkout-1', 'fp-checkout-2']) {
      const found = await getJson(`${serve.url}/api/investigations?alert=${fp}`, TOKENS.viewer);
      expect(found.body.investigations.map((i: { id: string }) => i.id)).toEqual([id]);
    }
    const view = await getJson(`${serve.url}/api/investigations/${id}/alert`, TOKENS.viewer);
    expect(view.body.alert).toMatchObject({
      status: 'firing',
      repeats: 4,
      startsAt: '2025-01-15T14:46:00.000Z',
      labels: { service: 'checkout-api', severity: 'page' },
    });
    // The window is anchored on startsAt: an hour before it, to startsAt plus the lead (the alert is old: not now).
    const rec = await getJson(`${serve.url}/api/investigations/${id}`, TOKENS.viewer);
    expect(rec.body.since).toBe('2025-01-15T13:46:00.000Z');
    expect(rec.body.until).toBe('2025-01-15T15:16:00.000Z');
  });

  it('answers in one Slack thread per routed channel: the root message is updated with the culprit', async () => {
    const done = await waitFor(
      'the investigation to finish',
      async () => {
        const r = await getJson(`${serve.url}/api/investigations/${id}`, TOKENS.viewer);
        return ['done', 'failed'].includes(r.body.status) ? r.body : undefined;
      },
      60_000,
      250,
    );
    expect(done.status).toBe('done');
    expect(done.report.rootCause.deployment).toBe('v2.4.1');
    expect(Date.parse(done.report.onset)).toBeGreaterThanOrEqual(Date.parse(ONSET) - 5 * 60_000);
    await waitFor(
      'the Slack updates',
      async () => (slack.posts.filter((p) => !p.threadTs && p.updates.length).length >= 1 ? true : undefined),
      20_000,
      100,
    );
    // severity=page routes to #incidents (continue: true); team=payments does not match: no other channel, no default.
    const roots = slack.posts.filter((p) => !p.threadTs);
    expect(roots).toHaveLength(1);
    const root = roots[0];
    expect(root.channel).toBe(slack.posts[0].channel);
    expect(JSON.stringify(root.blocks)).toMatch(/Investigating: 500 errors on checkout API/);
    const final = JSON.stringify(root.updates.at(-1)!.blocks);
    expect(final).toMatch(/Root cause/);
    expect(final).toContain('checkout-api v2.4.1');
    expect(final).toMatch(/Confidence:\*? \d+%/);
    expect(final).toMatch(/Evidence/);
    expect(final).toMatch(/Recommendation/);
    expect(final).toContain(`https://pilot.example.com/#/i/${id}`);
    const reply = await waitFor(
      'the reply in the thread',
      async () => slack.posts.find((p) => p.threadTs === root.ts),
      10_000,
      100,
    );
    expect(reply.text).toMatch(/Root cause found/);
  });

  it('posts the answer to the Slack incoming webhook too', async () => {
    await waitFor(
      'the incoming-webhook message',
      async () => (slack.webhookPosts.length ? true : undefined),
      10_000,
      100,
    );
    expect(slack.webhookPosts[0].text).toMatch(/Root cause found: 500 errors on checkout API/);
    expect(JSON.stringify(slack.webhookPosts[0].blocks)).toContain('checkout-api v2.4.1');
  });

  it('posts an Adaptive Card to Teams and a signed JSON event to the webhook', async () => {
    await waitFor('the Teams card', async () => (teams.cards.length ? true : undefined), 10_000, 100);
    expect(JSON.stringify(teams.cards[0])).toContain('v2.4.1');
    expect(teams.cards[0]).toMatchObject({
      type: 'AdaptiveCard',
      actions: [{ type: 'Action.OpenUrl', url: `https://pilot.example.com/#/i/${id}` }],
    });
    await waitFor(
      'the webhook result',
      async () => (hookBodies.some((h) => h.event === 'result') ? true : undefined),
      10_000,
      100,
    );
    for (const h of hookBodies) {
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(h.signature);
      expect(m).toBeTruthy();
      expect(m![2]).toBe(hmacHex(WEBHOOK_SECRET, `${m![1]}.${h.body}`));
    }
    const result = JSON.parse(hookBodies.find((h) => h.event === 'result')!.body);
    expect(result).toMatchObject({
      event: 'investigation.done',
      investigation: { id, status: 'done' },
      rootCause: { change: { deployment: 'v2.4.1' } },
    });
  });

  it('marks the investigation resolved on a resolved notification, and says so in the thread', async () => {
    const group = { alertname: 'CheckoutErrors', service: 'checkout-api' };
    const resolved = alertmanagerPayload(
      group,
      [{ ...checkoutAlert('fp-checkout-1'), status: 'resolved', endsAt: '2025-01-15T15:30:00Z' }],
      'resolved',
    );
    const res = await postJson(`${serve.url}/api/alerts/alertmanager`, resolved, AM_TOKEN);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ outcome: 'resolved', investigation: id });
    const view = await getJson(`${serve.url}/api/investigations/${id}/alert`, TOKENS.viewer);
    expect(view.body.alert).toMatchObject({ status: 'resolved', resolvedAt: '2025-01-15T15:30:00.000Z' });
    await waitFor(
      'the resolved reply',
      async () => (slack.posts.some((p) => /resolved at 2025-01-15T15:30:00/.test(p.text)) ? true : undefined),
      10_000,
      100,
    );
    const root = slack.posts.find((p) => !p.threadTs)!;
    expect(JSON.stringify(root.updates.at(-1)!.blocks)).toMatch(/resolved at 2025-01-15T15:30:00/);
    // A late repeat of the resolved alert joins the resolved episode; it starts nothing.
    const late = await postJson(
      `${serve.url}/api/alerts/alertmanager`,
      alertmanagerPayload(group, [checkoutAlert('fp-checkout-1')]),
      AM_TOKEN,
    );
    expect(late.body).toMatchObject({ outcome: 'joined', investigation: id });
    const deliveries = await waitFor(
      'every delivery to settle',
      async () => {
        const list = (await getJson(`${serve.url}/api/investigations/${id}/alert`, TOKENS.viewer)).body.deliveries;
        return list.some((d: { status: string }) => d.status === 'pending') ? undefined : list;
      },
      10_000,
      100,
    );
    expect(
      deliveries.map((d: { channel: string; kind: string; status: string }) => `${d.channel}:${d.kind}:${d.status}`),
    ).toEqual(deliveries.map((d: { channel: string; kind: string }) => `${d.channel}:${d.kind}:sent`));
    expect(JSON.stringify(deliveries)).not.toContain('secretpath');
  });

  it('takes the generic webhook {title, service, startsAt, labels}', async () => {
    const body = {
      title: 'checkout pool exhausted',
      service: 'checkout-api',
      startsAt: '2025-01-15T14:47:00Z',
      labels: { team: 'payments' },
    };
    const res = await postJson(`${serve.url}/api/alerts/generic`, body, AM_TOKEN);
    expect(res.status).toBe(202);
    expect(res.body.outcome).toBe('started');
    expect((await postJson(`${serve.url}/api/alerts/generic`, body, AM_TOKEN)).body).toMatchObject({
      outcome: 'joined',
      investigation: res.body.investigation,
    });
    const bad = await postJson(`${serve.url}/api/alerts/generic`, { service: 'x' }, AM_TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/body\.title/);
    // team=payments routes to #payments-oncall only.
    await waitFor(
      'the payments root message',
      async () => (slack.posts.some((p) => /checkout pool exhausted/.test(p.text)) ? true : undefined),
      10_000,
      100,
    );
    const post = slack.posts.find((p) => /checkout pool exhausted/.test(p.text))!;
    expect(post.channel).not.toBe(slack.posts[0].channel);
  });
});
