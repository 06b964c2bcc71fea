// Signed sources into the service `serve` runs (in this process): PagerDuty V3 webhooks and the Slack slash command. Unsigned, wrongly signed and
// replayed requests are refused with 401 and start nothing; signed ones start an investigation, and the slash command's
// answer comes back within Slack's 3 seconds, then the result in the channel.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagerDutyEvent, sendPagerDuty } from '../../fakes/pagerduty.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack.js';
import { CHECKOUT, getJson, startServiceInProcess, tempDir, TOKENS, waitFor, type Service } from '../helpers.js';
import { ALERT_TOKENS_ENV, investigationsOf, metricValue, SLACK_TOKEN } from './helpers.js';

const PD_SECRETS = ['pd-secret-old-0001', 'pd-secret-new-0002'];
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
let serve: Service;
let slack: SlackFake;

beforeAll(async () => {
  slack = await startSlackFake({ token: SLACK_TOKEN });
  serve = await startServiceInProcess(['--data', CHECKOUT, '--db', `${tempDir('ip-alerts-sig-')}/db.sqlite`], {
    INCIDENT_PILOT_TOKENS: ALERT_TOKENS_ENV,
    INCIDENT_PILOT_RATE_LIMIT: '100000',
    PAGERDUTY_WEBHOOK_SECRETS: PD_SECRETS.join(','),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  });
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  await slack?.close();
});

const incident = (id: string) => ({
  id,
  title: 'checkout returning 500s',
  service: 'checkout-api',
  createdAt: '2025-01-15T14:46:00Z',
  team: 'payments',
});

describe('PagerDuty V3 webhooks', () => {
  it('refuses unsigned, wrongly signed and foreign-secret requests with 401, and starts nothing', async () => {
    const url = `${serve.url}/api/alerts/pagerduty`;
    const before = (await investigationsOf(serve.url, TOKENS.viewer)).length;
    const event = pagerDutyEvent('incident.triggered', incident('PBAD001'));
    const attempts = [
      await sendPagerDuty(url, event, PD_SECRETS, null),
      await sendPagerDuty(url, event, PD_SECRETS, 'v1=' + '0'.repeat(64)),
      await sendPagerDuty(url, event, ['some-other-secret']),
      await sendPagerDuty(url, event, PD_SECRETS, 'v0=abc'),
    ];
    for (const a of attempts) expect(a.status).toBe(401);
    expect(attempts[0].body.error.message).toMatch(/missing X-PagerDuty-Signature/);
    expect(attempts[1].body.error.message).toMatch(/does not match/);
    // A body changed after signing is refused too.
    const body = JSON.stringify(event);
    const signed = `v1=${createHmac('sha256', PD_SECRETS[0]).update(body).digest('hex')}`;
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signed },
      body: body.replace('checkout', 'payroll'),
    });
    expect(tampered.status).toBe(401);
    expect((await investigationsOf(serve.url, TOKENS.viewer)).length).toBe(before);
    expect((await getJson(`${serve.url}/api/investigations?alert=PBAD001`, TOKENS.viewer)).body.investigations).toEqual(
      [],
    );
    expect(
      await metricValue(serve.url, 'incident_pilot_alerts_total', { source: 'pagerduty', outcome: 'refused' }),
    ).toBe(5);
  });

  it('starts one investigation for incident.triggered signed with either secret (rotation), resolves it on incident.resolved', async () => {
    const url = `${serve.url}/api/alerts/pagerduty`;
    const first = await sendPagerDuty(url, pagerDutyEvent('incident.triggered', incident('PGOOD01')), PD_SECRETS);
    expect(first.status).toBe(202);
    expect(first.body.outcome).toBe('started');
    // Signed with the new secret only: the same incident joins.
    const again = await sendPagerDuty(url, pagerDutyEvent('incident.triggered', incident('PGOOD01')), [PD_SECRETS[1]]);
    expect(again.body).toMatchObject({ outcome: 'joined', investigation: first.body.investigation });
    const ack = await sendPagerDuty(url, pagerDutyEvent('incident.acknowledged', incident('PGOOD01')), PD_SECRETS);
    expect(ack).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
    const rec = await getJson(`${serve.url}/api/investigations/${first.body.investigation}`, TOKENS.viewer);
    expect(rec.body.incident).toBe('checkout returning 500s');
    const view = await getJson(`${serve.url}/api/investigations/${first.body.investigation}/alert`, TOKENS.viewer);
    expect(view.body.alert).toMatchObject({
      source: 'pagerduty',
      labels: { service: 'checkout-api', team: 'payments', urgency: 'high' },
    });
    const resolved = await sendPagerDuty(
      url,
      pagerDutyEvent('incident.resolved', incident('PGOOD01'), '2025-01-15T15:10:00Z'),
      PD_SECRETS,
    );
    expect(resolved.body).toMatchObject({ outcome: 'resolved', investigation: first.body.investigation });
    expect(
      (await getJson(`${serve.url}/api/investigations?alert=PGOOD01`, TOKENS.viewer)).body.investigations[0].alert
        .status,
    ).toBe('resolved');
  });
});

function slackRequest(
  body: string,
  opts: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Promise<Response> {
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const sig =
    opts.signature === undefined
      ? `v0=${createHmac('sha256', opts.secret ?? SIGNING_SECRET)
          .update(`v0:${ts}:${body}`)
          .digest('hex')}`
      : opts.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': ts,
  };
  if (sig !== null) headers['x-slack-signature'] = sig;
  return fetch(`${serve.url}/api/slack/commands`, { method: 'POST', headers, body });
}

function commandBody(text: string): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'acme',
    channel_id: 'C0INCIDENTS',
    channel_name: 'incidents',
    user_id: 'U0ONCALL',
    user_name: 'oncall',
    command: '/incident-pilot',
    text,
    api_app_id: 'A0PILOT',
    response_url: slack.responseUrl,
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  }).toString();
}

describe('the Slack slash command', () => {
  it('refuses unsigned, wrongly signed and replayed (over five minutes old) requests, and starts nothing', async () => {
    const before = (await investigationsOf(serve.url, TOKENS.viewer)).length;
    const body = commandBody('500 errors on checkout API');
    const refused = [
      await slackRequest(body, { signature: null }),
      await slackRequest(body, { secret: 'not-the-signing-secret' }),
      await slackRequest(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
      await slackRequest(body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }),
    ];
    for (const r of refused) expect(r.status).toBe(401);
    expect((await refused[2].json()).error.message).toMatch(/five minutes/);
    expect((await investigationsOf(serve.url, TOKENS.viewer)).length).toBe(before);
  });

  it('answers within 3 seconds, then posts the root cause in the channel', async () => {
    const started = Date.now();
    const res = await slackRequest(commandBody('500 errors on checkout API'));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(200);
    const ack = await res.json();
    expect(ack.response_type).toBe('in_channel');
    expect(ack.text).toMatch(/Investigating “500 errors on checkout API”/);
    const post = await waitFor(
      'the answer in the channel',
      async () => slack.posts.find((p) => p.channel === 'C0INCIDENTS'),
      60_000,
      200,
    );
    expect(JSON.stringify(post.blocks)).toContain('checkout-api v2.4.1');
    const help = await (await slackRequest(commandBody(''))).json();
    expect(help).toMatchObject({ response_type: 'ephemeral' });
    expect(help.text).toMatch(/Usage/);
  });
});
