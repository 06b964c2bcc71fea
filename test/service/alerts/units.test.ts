// The pieces of alerting on their own: signatures (Slack's published example), the sources' readers, the window, the
// config file and its secrets, label routing, the retry loop and the messages.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAlertingConfig } from '../../../src/service/alerts/config.js';
import {
  hmacHex,
  signWebhook,
  verifyPagerDutySignature,
  verifySlackSignature,
} from '../../../src/service/alerts/signatures.js';
import { readAlertmanager, readGeneric, readPagerDuty, windowOfAlert } from '../../../src/service/alerts/sources.js';
import { summarize, toSlack, toTeams } from '../../../src/service/notify/messages.js';
import { postJson } from '../../../src/service/notify/post-json.js';
import { DeliveryError, deliverWithRetry } from '../../../src/service/notify/retry.js';
import { slackChannelsFor } from '../../../src/service/notify/routing.js';
import type { InvestigationRecord } from '../../../src/service/store/store.js';
import { startLoopback } from '../../fakes/loopback.js';
import { pagerDutyEvent } from '../../fakes/pagerduty.js';
import { tempDir } from '../helpers.js';
import { alertmanagerPayload, writeServiceConfig } from './helpers.js';

describe('signatures', () => {
  // The example on Slack's "Verifying requests from Slack" page.
  const slackBody = Buffer.from(
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  );
  const slackSig = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const at = 1531420618 * 1000;

  it("accepts Slack's published example and refuses it altered, unsigned, stale or without a secret", () => {
    expect(verifySlackSignature(slackBody, slackSig, '1531420618', secret, at + 60_000)).toEqual({ ok: true });
    expect(
      verifySlackSignature(Buffer.concat([slackBody, Buffer.from('x')]), slackSig, '1531420618', secret, at).ok,
    ).toBe(false);
    expect(verifySlackSignature(slackBody, undefined, '1531420618', secret, at).ok).toBe(false);
    expect(verifySlackSignature(slackBody, slackSig, '1531420618', secret, at + 5 * 60_000 + 1000)).toMatchObject({
      ok: false,
      reason: /five minutes/,
    });
    expect(verifySlackSignature(slackBody, slackSig, '1531420618', undefined, at)).toMatchObject({
      ok: false,
      reason: /SLACK_SIGNING_SECRET/,
    });
    expect(verifySlackSignature(slackBody, slackSig, 'soon', secret, at).ok).toBe(false);
  });

  it('accepts a PagerDuty signature from any configured secret, among several v1 signatures', () => {
    const body = Buffer.from(
      JSON.stringify(
        pagerDutyEvent('incident.triggered', { id: 'P1', title: 't', service: 's', createdAt: '2025-01-01T00:00:00Z' }),
      ),
    );
    const header = `v1=${hmacHex('old', body)},v1=${hmacHex('new', body)}`;
    expect(verifyPagerDutySignature(body, header, ['new'])).toEqual({ ok: true });
    expect(verifyPagerDutySignature(body, `v1=${hmacHex('other', body)}`, ['new', 'old']).ok).toBe(false);
    expect(verifyPagerDutySignature(body, header, [])).toMatchObject({
      ok: false,
      reason: /PAGERDUTY_WEBHOOK_SECRETS/,
    });
    expect(verifyPagerDutySignature(body, 'v2=abc', ['new'])).toMatchObject({ ok: false, reason: /no v1/ });
  });

  it('signs our webhooks over timestamp and body', () => {
    expect(signWebhook('s3cret', '{"a":1}', 1_700_000_000_000)).toBe(
      `t=1700000000,v1=${hmacHex('s3cret', '1700000000.{"a":1}')}`,
    );
  });
});

describe('alert sources', () => {
  it('keys an Alertmanager group by its group key, and by sorted fingerprints without one', () => {
    const body = alertmanagerPayload({ alertname: 'A' }, [
      { labels: { alertname: 'A', job: 'api' }, summary: 's', startsAt: '2025-01-01T10:00:00Z', fingerprint: 'b' },
    ]);
    expect(readAlertmanager(body)).toMatchObject({
      source: 'alertmanager',
      key: 'alertmanager:{}:{alertname="A"}',
      context: { component: 'api', text: 's' },
    });
    const { groupKey: _g, ...noKey } = body;
    expect(readAlertmanager(noKey).key).toBe('alertmanager:b');
    expect(() => readAlertmanager({ alerts: [] })).toThrow(/Alertmanager payload: /);
  });

  it('reads PagerDuty incident.triggered and incident.resolved, and ignores other events', () => {
    const inc = { id: 'PX1', title: 'db down', service: 'orders-db', createdAt: '2025-02-01T08:00:00Z', team: 'data' };
    const fired = readPagerDuty(pagerDutyEvent('incident.triggered', inc))!;
    expect(fired).toMatchObject({
      key: 'pagerduty:PX1',
      context: {
        text: 'db down',
        status: 'firing',
        component: 'orders-db',
        startsAt: Date.parse(inc.createdAt),
        labels: { team: 'data', service: 'orders-db' },
      },
    });
    const resolved = readPagerDuty(pagerDutyEvent('incident.resolved', inc, '2025-02-01T09:00:00Z'))!;
    expect(resolved.context).toMatchObject({ status: 'resolved', endsAt: Date.parse('2025-02-01T09:00:00Z') });
    expect(readPagerDuty(pagerDutyEvent('incident.acknowledged', inc))).toBeUndefined();
    expect(() => readPagerDuty({ nope: 1 })).toThrow(/PagerDuty webhook: event/);
  });

  it('reads the generic webhook, naming a bad field', () => {
    const g = readGeneric({
      title: 'slow search',
      service: 'search',
      startsAt: '2025-03-01T00:00:00Z',
      labels: { team: 'x' },
    });
    expect(g.context).toMatchObject({
      text: 'slow search',
      component: 'search',
      labels: { team: 'x', service: 'search' },
    });
    expect(
      readGeneric({ title: 'slow search', service: 'search', startsAt: '2025-03-01T00:00:00Z', labels: { team: 'x' } })
        .key,
    ).toBe(g.key);
    expect(() => readGeneric({ title: 'x', startsAt: 'yesterday' })).toThrow(/body\.startsAt/);
    expect(() => readGeneric({ title: 'x', extra: 1 })).toThrow(/body/);
  });

  it('anchors the window on startsAt: a lookback before it, ending now or at startsAt plus the lead', () => {
    const ctx = readGeneric({ title: 't', startsAt: '2025-03-01T12:00:00Z' }).context;
    const opts = { lookbackMs: 3_600_000, leadMs: 1_800_000 };
    expect(windowOfAlert(ctx, opts, Date.parse('2025-03-01T12:10:00Z'))).toEqual({
      since: '2025-03-01T11:00:00.000Z',
      until: '2025-03-01T12:10:00.000Z',
    });
    expect(windowOfAlert(ctx, opts, Date.parse('2025-03-02T00:00:00Z')).until).toBe('2025-03-01T12:30:00.000Z');
  });
});

describe('the alerting config', () => {
  it('reads the file, with the fixed variables as overrides and secrets from files', () => {
    const dir = tempDir('ip-cfg-');
    writeFileSync(join(dir, 'token'), 'xoxb-from-file\n');
    const path = writeServiceConfig({
      slack: { channel: '#from-file', botTokenFile: join(dir, 'token') },
      routes: [{ matchRe: { service: 'pay.*' }, slack: '#payments' }],
      delivery: { attempts: 2 },
    });
    const c = loadAlertingConfig({
      INCIDENT_PILOT_CONFIG: path,
      SLACK_CHANNEL: '#from-env',
      PAGERDUTY_WEBHOOK_SECRETS: 'a, b',
    });
    expect(c.slack).toMatchObject({
      channel: '#from-env',
      botToken: 'xoxb-from-file',
      apiUrl: 'https://slack.com/api/',
    });
    expect(c.pagerdutySecrets).toEqual(['a', 'b']);
    expect(c.delivery.attempts).toBe(2);
    expect(c.secrets).toEqual(expect.arrayContaining(['xoxb-from-file', 'a', 'b']));
    expect(slackChannelsFor({ service: 'payments-api' }, c.routes, c.slack.channel)).toEqual(['#payments']);
  });

  it('refuses a secret written in the file, and names a bad key', () => {
    expect(() =>
      loadAlertingConfig({ INCIDENT_PILOT_CONFIG: writeServiceConfig({ slack: { botToken: 'xoxb-1' } }) }),
    ).toThrow(/slack\.botToken: secrets do not belong in the config file; use SLACK_BOT_TOKEN/);
    expect(() =>
      loadAlertingConfig({ INCIDENT_PILOT_CONFIG: writeServiceConfig({ delivery: { attempts: 'many' } }) }),
    ).toThrow(/delivery\.attempts/);
    expect(() => loadAlertingConfig({ INCIDENT_PILOT_CONFIG: '/nonexistent/pilot.yaml' })).toThrow(
      /INCIDENT_PILOT_CONFIG=\/nonexistent\/pilot\.yaml: cannot read/,
    );
    expect(() => loadAlertingConfig({ SLACK_API_URL: 'ftp://x' })).toThrow(/SLACK_API_URL/);
  });
});

describe('routing by labels', () => {
  const c = loadAlertingConfig({
    INCIDENT_PILOT_CONFIG: writeServiceConfig({
      routes: [
        { match: { severity: 'page' }, slack: '#incidents', continue: true },
        { match: { team: 'payments' }, slack: '#payments-oncall' },
        { match: { team: 'search' }, slack: '#search' },
      ],
    }),
  });
  it('sends severity page to #incidents and team payments to #payments-oncall; unmatched to the default', () => {
    expect(slackChannelsFor({ severity: 'page', team: 'payments' }, c.routes, '#alerts')).toEqual([
      '#incidents',
      '#payments-oncall',
    ]);
    expect(slackChannelsFor({ severity: 'ticket', team: 'payments' }, c.routes, '#alerts')).toEqual([
      '#payments-oncall',
    ]);
    expect(slackChannelsFor({ team: 'payments', severity: 'x' }, c.routes, undefined)).toEqual(['#payments-oncall']);
    expect(slackChannelsFor({ team: 'other' }, c.routes, '#alerts')).toEqual(['#alerts']);
    expect(slackChannelsFor({ team: 'other' }, c.routes, undefined)).toEqual([]);
  });
});

describe('the retry loop', () => {
  const policy = { attempts: 4, backoffMs: 100, maxWaitMs: 5000, timeoutMs: 1000 };

  it('waits the Retry-After it is given, backs off otherwise, and stops at the first permanent failure', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const answers = [
      new DeliveryError('429', true, 3000),
      new DeliveryError('500', true),
      new DeliveryError('timeout', true),
    ];
    const ok = await deliverWithRetry(
      async () => {
        const next = answers.shift();
        if (next) throw next;
        return 'ts';
      },
      policy,
      { sleep },
    );
    expect(ok).toEqual({ ok: true, value: 'ts', attempts: 4 });
    expect(waits).toEqual([3000, 200, 400]);
    const permanent = await deliverWithRetry(
      async () => {
        throw new DeliveryError('channel_not_found', false);
      },
      policy,
      { sleep },
    );
    expect(permanent).toEqual({ ok: false, error: 'channel_not_found', attempts: 1 });
  });

  it('gives up rather than come back sooner than a Retry-After over its ceiling', async () => {
    const out = await deliverWithRetry(
      async () => {
        throw new DeliveryError('429', true, 60_000);
      },
      policy,
      { sleep: async () => {} },
    );
    expect(out).toMatchObject({ ok: false, attempts: 1, error: /asked to wait 60 s/ });
  });
});

describe('messages', () => {
  const rec: InvestigationRecord = {
    id: 'inv-1',
    status: 'done',
    incident: 'checkout errors',
    since: null,
    until: null,
    llm: 'engine',
    createdBy: 'token:abc',
    createdAt: '2025-01-01T00:00:00Z',
    startedAt: null,
    finishedAt: null,
    error: null,
    culprit: 'checkout-api v2.4.1',
    confidence: 0.8,
    owner: null,
    heartbeatAt: null,
    report: {
      incident: 'checkout errors',
      analyst: 'engine',
      window: { from: '2025-01-01T00:00:00Z', to: '2025-01-01T01:00:00Z' },
      onset: null,
      sources: {},
      rootCause: {
        summary: 'Pool <exhausted> & more',
        category: 'resource_exhaustion',
        service: 'checkout-api',
        deployment: 'v2.4.1',
        commit: '66e5df83c15beb374b570645d7f52885c086a520',
        dependency: null,
        confidence: 0.8,
      },
      hypotheses: [],
      timeline: [],
      evidence: [
        {
          source: 'logs',
          tool: 'search_logs',
          summary: 'error for ops@example.com from 10.1.2.3 ' + 'x'.repeat(5000),
          ref: 'logs/api.log:12',
        },
      ],
      recommendations: ['Roll back v2.4.1'],
      toolCalls: [],
    },
  };

  it('says root cause, confidence, change, evidence, recommendation and link in Block Kit, escaped, clipped and redacted', () => {
    const alert = readGeneric({ title: 'checkout errors', service: 'checkout-api' }).context;
    const msg = toSlack(summarize(rec, alert, { event: 'done', publicUrl: 'https://pilot.example.com' }));
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain('Pool &lt;exhausted&gt; &amp; more');
    expect(text).toContain('80%');
    expect(text).toContain('checkout-api v2.4.1 (66e5df8)');
    expect(text).toContain('Roll back v2.4.1');
    expect(text).toContain('https://pilot.example.com/#/i/inv-1');
    expect(text).not.toContain('ops@example.com');
    expect(text).not.toContain('10.1.2.3');
    for (const b of msg.blocks as Array<{ type: string; text?: { text: string } }>)
      if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    const card = toTeams(summarize(rec, alert, { event: 'done' }));
    expect(card).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }],
    });
    expect(JSON.stringify(card)).toContain('checkout-api v2.4.1');
  });
});

describe('posting to a webhook', () => {
  it('maps 429 (with Retry-After), 5xx, 4xx, timeouts and refused connections, never naming the secret path', async () => {
    const loop = await startLoopback(async (req) => {
      if (req.path.endsWith('/slow')) await new Promise((r) => setTimeout(r, 600));
      if (req.path.endsWith('/limited')) return { status: 429, headers: { 'retry-after': '7' }, text: 'slow down' };
      if (req.path.endsWith('/broken')) return { status: 502, text: 'bad gateway' };
      if (req.path.endsWith('/bad')) return { status: 400, text: 'invalid_payload' };
      return { status: 202 };
    });
    const opts = { label: 'hook', timeoutMs: 300, secrets: [] };
    const attempt = async (path: string) => {
      try {
        await postJson(`${loop.url}/s3cretpath${path}?sig=s3cretsig`, '{}', opts);
        return null;
      } catch (err) {
        return err as DeliveryError;
      }
    };
    expect(await attempt('/ok')).toBeNull();
    expect(await attempt('/limited')).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    expect(await attempt('/broken')).toMatchObject({ retryable: true, message: /HTTP 502: bad gateway/ });
    expect(await attempt('/bad')).toMatchObject({ retryable: false, message: /HTTP 400: invalid_payload/ });
    const slow = await attempt('/slow');
    expect(slow).toMatchObject({ retryable: true, message: /no answer within 300 ms/ });
    await loop.close();
    const refused = await attempt('/ok');
    expect(refused).toMatchObject({ retryable: true, message: /cannot connect/ });
    for (const e of [slow, refused]) expect(e!.message).not.toMatch(/s3cret/);
  });
});
