// Delivery failures through the service `serve` runs (in this process) and the Slack fake: a 429 with Retry-After (waited in full), then a 500,
// then a timeout (2.5 s: a busy service's event loop must not pass for one), then success; and a message that never
// gets through is kept as a failed delivery (API and /metrics) while the investigation itself finishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../../fakes/slack.js';
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
  metricValue,
  SLACK_TOKEN,
  writeServiceConfig,
} from '../alerts/helpers.js';

let serve: Service;
let slack: SlackFake;

beforeAll(async () => {
  slack = await startSlackFake({ token: SLACK_TOKEN });
  const config = writeServiceConfig({ delivery: { attempts: 4, backoffMs: 100, maxWaitMs: 10_000, timeoutMs: 2500 } });
  serve = await startServiceInProcess(['--data', CHECKOUT, '--db', `${tempDir('ip-delivery-')}/db.sqlite`], {
    INCIDENT_PILOT_TOKENS: ALERT_TOKENS_ENV,
    INCIDENT_PILOT_RATE_LIMIT: '100000',
    INCIDENT_PILOT_CONFIG: config,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_CHANNEL: '#incidents',
  });
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  await slack?.close();
});

function alertOf(name: string, fingerprint: string) {
  return alertmanagerPayload({ alertname: name }, [
    {
      labels: { alertname: name, service: 'checkout-api' },
      summary: '500 errors on checkout API',
      startsAt: '2025-01-15T14:46:00Z',
      fingerprint,
    },
  ]);
}

async function finished(id: string) {
  return waitFor(
    'the investigation to end',
    async () => {
      const r = await getJson(`${serve.url}/api/investigations/${id}`, TOKENS.viewer);
      return ['done', 'failed'].includes(r.body.status) ? r.body : undefined;
    },
    60_000,
    250,
  );
}

async function settled(id: string, kinds: string[]) {
  return waitFor(
    'the deliveries to settle',
    async () => {
      const list = (await getJson(`${serve.url}/api/investigations/${id}/alert`, TOKENS.viewer)).body
        .deliveries as Array<{ kind: string; status: string }>;
      return kinds.every((k) => list.some((d) => d.kind === k && d.status !== 'pending')) ? list : undefined;
    },
    20_000,
    100,
  );
}

describe('Slack delivery failures', () => {
  it('retries a 429 after its Retry-After, then a 500, then a timeout, and delivers', async () => {
    slack.script({ kind: '429', retryAfter: 2 }, { kind: '500' }, { kind: 'hang', ms: 4000 });
    const from = slack.calls.length;
    const res = await postJson(`${serve.url}/api/alerts/alertmanager`, alertOf('Retried', 'fp-retried'), AM_TOKEN);
    expect(res.status).toBe(202);
    const id = res.body.investigation;
    const root = await waitFor(
      'the root message',
      async () => slack.posts.find((p) => /Investigating/.test(p.text)),
      20_000,
      100,
    );
    const calls = slack.calls.slice(from, from + 4);
    const seen = JSON.stringify(slack.calls.slice(from));
    expect(
      calls.map((c) => c.method),
      seen,
    ).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.postMessage', 'chat.postMessage']);
    // Slack said "come back in 2 s": the second attempt waited that long, not the 100 ms backoff.
    expect(calls[1].at - calls[0].at, seen).toBeGreaterThanOrEqual(1900);
    const view = await waitFor(
      'the stored delivery',
      async () => {
        const d = (await getJson(`${serve.url}/api/investigations/${id}/alert`, TOKENS.viewer)).body.deliveries.find(
          (x: { kind: string }) => x.kind === 'root',
        );
        return d?.status === 'sent' ? d : undefined;
      },
      10_000,
      100,
    );
    expect(view).toMatchObject({
      channel: 'slack',
      target: '#incidents',
      attempts: 4,
      status: 'sent',
      ref: `${root.channel} ${root.ts}`,
    });
    expect(
      await metricValue(serve.url, 'incident_pilot_deliveries_total', { channel: 'slack', outcome: 'retried' }),
    ).toBe(3);
    await finished(id);
    await waitFor('the update', async () => (root.updates.length ? true : undefined), 10_000, 100);
    expect(JSON.stringify(root.updates.at(-1)!.blocks)).toContain('v2.4.1');
    // Every message of this run is out before the next test scripts failures for the next calls.
    await settled(id, ['root', 'result', 'result-reply']);
  }, 60_000);

  it('keeps a message that never got through as a failed delivery, visible in the API and /metrics; the investigation finishes', async () => {
    slack.script({ kind: '500' }, { kind: '500' }, { kind: '500' }, { kind: '500' });
    const res = await postJson(`${serve.url}/api/alerts/alertmanager`, alertOf('NeverThrough', 'fp-never'), AM_TOKEN);
    const id = res.body.investigation;
    const failed = await waitFor(
      'the failed delivery',
      async () => {
        const list = (await getJson(`${serve.url}/api/alerts/deliveries?status=failed`, TOKENS.viewer)).body.deliveries;
        return list.find((d: { investigationId: string }) => d.investigationId === id);
      },
      20_000,
      100,
    );
    expect(failed).toMatchObject({ channel: 'slack', kind: 'root', attempts: 4, status: 'failed' });
    expect(failed.lastError).toMatch(/HTTP 500/);
    expect(
      await metricValue(serve.url, 'incident_pilot_deliveries_total', { channel: 'slack', outcome: 'failed' }),
    ).toBe(1);
    const rec = await finished(id);
    expect(rec.status).toBe('done');
    // No root to update: the answer is posted as a new message.
    const answer = await waitFor(
      'the answer',
      async () =>
        slack.posts.find(
          (p) =>
            /Root cause found: 500 errors/.test(p.text) &&
            !p.threadTs &&
            !/Retried/.test(p.text) &&
            p.updates.length === 0 &&
            slack.posts.indexOf(p) > 0,
        ),
      20_000,
      100,
    );
    expect(JSON.stringify(answer.blocks)).toContain('v2.4.1');
    const kinds = (await settled(id, ['root', 'result'])).map((d) => `${d.kind}:${d.status}`);
    expect(kinds).toEqual(expect.arrayContaining(['root:failed', 'result:sent']));
  }, 60_000);

  it('does not retry what Slack refuses for good (channel_not_found)', async () => {
    slack.script({ kind: 'error', error: 'channel_not_found' });
    const from = slack.calls.length;
    const res = await postJson(`${serve.url}/api/alerts/alertmanager`, alertOf('NoChannel', 'fp-nochannel'), AM_TOKEN);
    const failed = await waitFor(
      'the failed delivery',
      async () => {
        const list = (await getJson(`${serve.url}/api/alerts/deliveries?status=failed`, TOKENS.viewer)).body.deliveries;
        return list.find((d: { investigationId: string }) => d.investigationId === res.body.investigation);
      },
      20_000,
      100,
    );
    expect(failed).toMatchObject({ attempts: 1, lastError: 'Slack: channel_not_found' });
    expect(slack.calls[from].method).toBe('chat.postMessage');
    await finished(res.body.investigation);
  }, 60_000);
});
