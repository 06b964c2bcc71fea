// From a fired Prometheus rule to the Slack message naming the culprit, with real servers: an incident generated with
// its onset minutes before now, its metrics loaded into Prometheus (promtool blocks), a rule on the error ratio firing,
// Alertmanager posting to `serve` (on PostgreSQL), the investigation reading that Prometheus plus logs and git from
// files, and the answer reaching the Slack fake through @slack/web-api. Skips, saying why, when a server is not
// installed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../../fakes/slack.js';
import { getJson, startServe, tempDir, TOKENS, waitFor, type Serve } from '../helpers.js';
import { ALERT_TOKENS_ENV, AM_TOKEN, SLACK_TOKEN } from './helpers.js';
import { renderLiveIncident } from './live-incident.js';
import { findPgBin, freePort, startPostgres, type PgCluster } from './pg.js';
import { missingTools, needsTitle } from '../../helpers/tools.js';

const MISSING = missingTools('test/service/alerts/live.test.ts', [
  'prometheus',
  'promtool',
  'alertmanager',
  'postgresql',
]);

interface Proc {
  child: ChildProcess;
  log: () => string;
}

function run(cmd: string, args: string[]): Proc {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  return { child, log: () => log };
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}

async function ready(url: string, p: Proc, what: string): Promise<void> {
  await waitFor(
    `${what} to be ready`,
    async () => {
      if (p.child.exitCode !== null) throw new Error(`${what} exited: ${p.log().slice(-2000)}`);
      try {
        return (await fetch(url)).ok ? true : undefined;
      } catch {
        return undefined;
      }
    },
    30_000,
    100,
  );
}

describe.skipIf(MISSING.length > 0)(
  needsTitle(MISSING, 'live: Prometheus rule -> Alertmanager -> serve -> Slack'),
  () => {
    const work = tempDir('ip-live-');
    const began = Date.now();
    const incident = renderLiveIncident(work, began);
    const queryLog = join(work, 'query.log');
    let pg: PgCluster;
    let slack: SlackFake;
    let serve: Serve;
    let prometheus: Proc | undefined;
    let alertmanager: Proc | undefined;
    /** When Prometheus was up with the rule loaded: the clock of the two-minute budget starts here. */
    let firedFrom = 0;
    /** The investigation's window end, found by the first test. */
    let until = 0;

    beforeAll(async () => {
      pg = await startPostgres(findPgBin()!);
      slack = await startSlackFake({ token: SLACK_TOKEN });
      execFileSync(
        'promtool',
        ['tsdb', 'create-blocks-from', 'openmetrics', incident.openmetrics, join(work, 'tsdb')],
        { stdio: 'pipe' },
      );
      const [promPort, amPort] = [await freePort(), await freePort()];
      const promUrl = `http://127.0.0.1:${promPort}`;
      serve = await startServe(['--data', incident.files], {
        INCIDENT_PILOT_TOKENS: ALERT_TOKENS_ENV,
        DATABASE_URL: pg.url,
        PROMETHEUS_URL: promUrl,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_CHANNEL: '#incidents',
        INCIDENT_PILOT_PUBLIC_URL: 'https://pilot.example.com',
      });
      writeFileSync(
        join(work, 'alertmanager.yml'),
        stringify({
          route: {
            receiver: 'incident-pilot',
            group_by: ['alertname', 'service'],
            group_wait: '1s',
            group_interval: '1s',
            repeat_interval: '1h',
          },
          receivers: [
            {
              name: 'incident-pilot',
              webhook_configs: [
                {
                  url: `${serve.url}/api/alerts/alertmanager`,
                  send_resolved: true,
                  http_config: { authorization: { type: 'Bearer', credentials: AM_TOKEN } },
                },
              ],
            },
          ],
        }),
      );
      alertmanager = run('prometheus-alertmanager', [
        `--config.file=${join(work, 'alertmanager.yml')}`,
        `--storage.path=${join(work, 'am')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ]);
      await ready(`http://127.0.0.1:${amPort}/-/ready`, alertmanager, 'Alertmanager');
      writeFileSync(
        join(work, 'rules.yml'),
        stringify({
          groups: [
            {
              name: 'live',
              interval: '1s',
              rules: [
                {
                  alert: 'HighErrorRatio',
                  expr: 'http_error_ratio > 0.1',
                  labels: { severity: 'page' },
                  annotations: { summary: 'High error ratio on {{ $labels.service }}' },
                },
              ],
            },
          ],
        }),
      );
      writeFileSync(
        join(work, 'prometheus.yml'),
        stringify({
          global: { evaluation_interval: '1s', query_log_file: queryLog },
          rule_files: [join(work, 'rules.yml')],
          alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
        }),
      );
      // resend-delay 1s: the first notification is not dropped while Alertmanager is being discovered.
      prometheus = run('prometheus', [
        `--config.file=${join(work, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(work, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--rules.alert.resend-delay=1s',
        '--storage.tsdb.retention.time=100y',
      ]);
      await ready(`${promUrl}/-/ready`, prometheus, 'Prometheus');
      firedFrom = Date.now();
    }, 90_000);

    afterAll(async () => {
      await serve?.stop();
      await stop(prometheus);
      await stop(alertmanager);
      await slack?.close();
      pg?.stop();
    });

    it('posts Slack blocks naming the culprit, in under two minutes from the rule firing', async () => {
      const answered = await waitFor(
        'the Slack answer naming the culprit',
        async () =>
          slack.posts.find(
            (p) => !p.threadTs && p.updates.some((u) => JSON.stringify(u.blocks).includes('orders-api v7.3.0')),
          ),
        115_000,
        250,
      );
      expect(Date.now() - firedFrom).toBeLessThan(120_000);
      expect(JSON.stringify(answered.blocks)).toContain('Investigating: High error ratio on orders-api');
      const final = JSON.stringify(answered.updates.at(-1)!.blocks);
      expect(final).toContain(incident.truth.commit.slice(0, 7));
      expect(final).toMatch(/Root cause/);

      // The investigation: anchored on the alert's startsAt, its window ending when the alert came (now), metrics live.
      const list = (await getJson(`${serve.url}/api/investigations`, TOKENS.viewer)).body.investigations;
      const inv = list.find((i: { incident: string }) => i.incident === 'High error ratio on orders-api');
      const rec = (await getJson(`${serve.url}/api/investigations/${inv.id}`, TOKENS.viewer)).body;
      const alert = (await getJson(`${serve.url}/api/investigations/${inv.id}/alert`, TOKENS.viewer)).body.alert;
      expect(alert).toMatchObject({
        source: 'alertmanager',
        status: 'firing',
        labels: { alertname: 'HighErrorRatio', service: 'orders-api', severity: 'page' },
      });
      const startsAt = Date.parse(alert.startsAt);
      expect(startsAt).toBeGreaterThan(began - 60_000);
      expect(Date.parse(rec.since)).toBe(startsAt - 60 * 60_000);
      expect(Date.parse(rec.until)).toBeGreaterThanOrEqual(startsAt);
      expect(Date.parse(rec.until)).toBeLessThanOrEqual(Date.now());
      expect(rec.report.sources.metrics).toBe('ok');
      expect(rec.report.rootCause).toMatchObject({ service: 'orders-api', deployment: 'v7.3.0' });
      expect(Math.abs(Date.parse(rec.report.onset) - Date.parse(incident.truth.onset))).toBeLessThanOrEqual(2 * 60_000);
      until = Date.parse(rec.until);
    }, 150_000);

    it('keeps every range query sent to the live Prometheus inside the window, which ends now', () => {
      expect(until, 'the first test found the investigation').toBeGreaterThan(0);
      // Prometheus's own query log: what our servers asked, with what range (rule evaluations are instant queries).
      const ranges = readFileSync(queryLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { params?: { end?: string; start?: string; step?: number; query?: string } })
        .filter((q) => q.params?.step && q.params.step > 0)
        .map((q) => ({ query: q.params!.query, start: q.params!.start, end: q.params!.end! }));
      expect(ranges.length).toBeGreaterThan(0);
      const late = ranges.filter((q) => Date.parse(q.end) > until);
      expect(late, `range queries ending after the window's end ${new Date(until).toISOString()}`).toEqual([]);
    });
  },
);
