// Sends what an alert's investigation found to Slack (one thread per alert group: the root message is posted when the
// alert opens and updated when the investigation ends or the alert resolves), Teams and our webhook. Every message is a
// stored delivery: retried with backoff, then kept as failed; a failed message never touches the investigation.
import type { Logger } from 'pino';
import { scrubSecrets } from '../../core/http.js';
import type { AlertingConfig } from '../alerts/config.js';
import type { AlertMetrics } from '../alerts/metrics.js';
import { signWebhook } from '../alerts/signatures.js';
import type { AlertGroup, AlertStore, Delivery } from '../alerts/store.js';
import type { Store } from '../store/store.js';
import { summarize, toSlack, toTeams, toWebhook, redactMessage, type MessageEvent, type Summary } from './messages.js';
import { postJson, webhookHost } from './post-json.js';
import { deliverWithRetry } from './retry.js';
import { slackChannelsFor } from './routing.js';
import { postSlackWebhook, SlackApi, type SlackMessage } from './slack.js';

export interface NotifierDeps {
  config: AlertingConfig;
  alerts: AlertStore;
  store: Store;
  metrics: AlertMetrics;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/** "C123 1700000000.000100": the channel id and ts of a posted Slack message. */
function slackRef(channel: string, ts: string): string {
  return `${channel} ${ts}`;
}

function replyOf(text: string): SlackMessage {
  return redactMessage({
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 2900),
        },
      },
    ],
  });
}

export class Notifier {
  private readonly slack?: SlackApi;
  private readonly chains = new Map<string, Promise<void>>();
  /** Slash commands answered through response_url (no bot token): kept in memory only, never stored. */
  private readonly responseUrls = new Map<string, string>();

  constructor(private readonly deps: NotifierDeps) {
    const { slack, delivery, secrets } = deps.config;
    if (slack.botToken) this.slack = new SlackApi(slack.botToken, slack.apiUrl, delivery.timeoutMs, secrets);
  }

  /** Answers a slash command through its response_url when there is no bot token to post with. */
  rememberResponseUrl(investigationId: string, url: string): void {
    this.responseUrls.set(investigationId, url);
  }

  alertOpened(group: AlertGroup): void {
    this.enqueue(group.investigationId, () => this.sendOpened(group));
  }

  investigationEnded(investigationId: string): void {
    this.enqueue(investigationId, () => this.sendEnded(investigationId));
  }

  alertResolved(group: AlertGroup): void {
    this.enqueue(group.investigationId, () => this.sendResolved(group));
  }

  /** Resolves when every message queued so far was delivered or given up on. */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
  }

  /** Messages about one investigation go out in order (the root before its update). */
  private enqueue(id: string, job: () => Promise<void>): void {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev
      .then(job)
      .catch((err: Error) =>
        this.deps.logger.warn(
          { investigation: id, err: scrubSecrets(err.message, this.deps.config.secrets) },
          'could not send the notifications of an investigation',
        ),
      )
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      });
    this.chains.set(id, next);
  }

  private channelsOf(group: AlertGroup): string[] {
    if (group.source === 'slack') return group.replyChannel ? [group.replyChannel] : [];
    return slackChannelsFor(group.alert.labels, this.deps.config.routes, this.deps.config.slack.channel);
  }

  private async summaryOf(group: AlertGroup, event: MessageEvent): Promise<Summary | undefined> {
    const rec = await this.deps.store.get(group.investigationId);
    if (!rec) return undefined;
    return summarize(rec, group.source === 'slack' ? null : group.alert, {
      event,
      publicUrl: this.deps.config.publicUrl,
      resolvedAt: group.resolvedAt,
      repeats: group.repeats,
    });
  }

  private async sendOpened(group: AlertGroup): Promise<void> {
    if (group.source === 'slack') return; // the command's own answer said it started
    const summary = await this.summaryOf(group, 'investigating');
    if (!summary) return;
    const done = await this.deliveredKinds(group.investigationId);
    if (this.slack) {
      const message = toSlack(summary);
      for (const channel of this.channelsOf(group)) {
        await this.deliver(done, group.investigationId, 'slack', channel, 'root', async () => {
          const r = await this.slack!.post(channel, message);
          return slackRef(r.channel, r.ts);
        });
      }
    }
    await this.sendWebhook(done, group, summary, 'started');
  }

  private async sendEnded(investigationId: string): Promise<void> {
    const group = await this.deps.alerts.group(investigationId);
    if (!group) return; // started by hand: nobody asked for a message
    const rec = await this.deps.store.get(investigationId);
    if (!rec) return;
    const event: MessageEvent = rec.status === 'failed' ? 'failed' : 'done';
    const summary = await this.summaryOf(group, event);
    if (!summary) return;
    const done = await this.deliveredKinds(investigationId);
    const message = toSlack(summary);
    if (this.slack) {
      for (const channel of this.channelsOf(group)) await this.sendSlackResult(done, group, channel, message, summary);
    }
    const responseUrl = this.responseUrls.get(investigationId);
    if (responseUrl) {
      this.responseUrls.delete(investigationId);
      await this.deliver(done, investigationId, 'slack-response', 'response_url', 'result', async () => {
        await postJson(
          responseUrl,
          JSON.stringify({ response_type: 'in_channel', replace_original: false, ...message }),
          {
            label: 'Slack response_url',
            timeoutMs: this.deps.config.delivery.timeoutMs,
            secrets: [...this.deps.config.secrets, responseUrl],
          },
        );
        return null;
      });
    }
    if (group.source !== 'slack') await this.sendOthers(done, group, summary, 'result');
  }

  /**
   * Updates the thread's root message with the answer and replies in the thread; a new message when there is no root.
   */
  private async sendSlackResult(
    done: Map<string, Delivery>,
    group: AlertGroup,
    channel: string,
    message: SlackMessage,
    summary: Summary,
  ): Promise<void> {
    const id = group.investigationId;
    const root = done.get(this.keyOf(id, 'slack', channel, 'root'));
    if (root?.status === 'sent' && root.ref) {
      const [rootChannel, ts] = root.ref.split(' ');
      await this.deliver(done, id, 'slack', channel, 'result', async () => {
        await this.slack!.update(rootChannel, ts, message);
        return root.ref;
      });
      const line = summary.rootCause
        ? `Root cause found (${Math.round((summary.confidence ?? 0) * 100)}% confidence): ${summary.rootCause}`
        : `The investigation ${summary.status === 'failed' ? `failed: ${summary.error ?? ''}` : 'ended'}`;
      await this.deliver(done, id, 'slack', channel, 'result-reply', async () => {
        const r = await this.slack!.post(rootChannel, replyOf(line), ts);
        return slackRef(r.channel, r.ts);
      });
      return;
    }
    await this.deliver(done, id, 'slack', channel, 'result', async () => {
      const r = await this.slack!.post(channel, message);
      return slackRef(r.channel, r.ts);
    });
  }

  private async sendResolved(group: AlertGroup): Promise<void> {
    const rec = await this.deps.store.get(group.investigationId);
    if (!rec) return;
    const done = await this.deliveredKinds(group.investigationId);
    const current = summarize(rec, group.alert, {
      event: rec.status === 'done' ? 'done' : rec.status === 'failed' ? 'failed' : 'investigating',
      publicUrl: this.deps.config.publicUrl,
      resolvedAt: group.resolvedAt,
      repeats: group.repeats,
    });
    if (this.slack) {
      for (const channel of this.channelsOf(group)) {
        // The thread root and its result update may have gone out: the same ref is updated again.
        const root =
          done.get(this.keyOf(group.investigationId, 'slack', channel, 'root')) ??
          done.get(this.keyOf(group.investigationId, 'slack', channel, 'result'));
        if (root?.status !== 'sent' || !root.ref) continue;
        const [rootChannel, ts] = root.ref.split(' ');
        await this.deliver(done, group.investigationId, 'slack', channel, 'resolved', async () => {
          await this.slack!.update(rootChannel, ts, toSlack(current));
          return root.ref;
        });
        await this.deliver(done, group.investigationId, 'slack', channel, 'resolved-reply', async () => {
          const r = await this.slack!.post(
            rootChannel,
            replyOf(`The alert resolved at ${group.resolvedAt ?? new Date().toISOString()}.`),
            ts,
          );
          return slackRef(r.channel, r.ts);
        });
      }
    }
    await this.sendOthers(done, group, { ...current, event: 'resolved' }, 'resolved');
  }

  /** Slack incoming webhook, Teams and our webhook: they cannot update a message, so each event is a new one. */
  private async sendOthers(
    done: Map<string, Delivery>,
    group: AlertGroup,
    summary: Summary,
    kind: string,
  ): Promise<void> {
    const { config } = this.deps;
    const { timeoutMs } = config.delivery;
    const id = group.investigationId;
    if (config.slack.webhookUrl) {
      const url = config.slack.webhookUrl;
      await this.deliver(done, id, 'slack-webhook', webhookHost(url), kind, async () => {
        await postSlackWebhook(url, toSlack(summary), timeoutMs, config.secrets);
        return null;
      });
    }
    if (config.teamsWebhookUrl) {
      const url = config.teamsWebhookUrl;
      await this.deliver(done, id, 'teams', webhookHost(url), kind, async () => {
        await postJson(url, JSON.stringify(toTeams(summary)), {
          label: 'Teams Workflows',
          timeoutMs,
          secrets: config.secrets,
        });
        return null;
      });
    }
    await this.sendWebhook(done, group, summary, kind);
  }

  private async sendWebhook(
    done: Map<string, Delivery>,
    group: AlertGroup,
    summary: Summary,
    kind: string,
  ): Promise<void> {
    const hook = this.deps.config.webhook;
    if (!hook || group.source === 'slack') return;
    const body = JSON.stringify(toWebhook(summary, group.baseKey));
    await this.deliver(done, group.investigationId, 'webhook', webhookHost(hook.url), kind, async () => {
      const headers: Record<string, string> = { 'x-incident-pilot-event': kind };
      if (hook.secret) headers['x-incident-pilot-signature'] = signWebhook(hook.secret, body);
      await postJson(hook.url, body, {
        label: 'webhook',
        timeoutMs: this.deps.config.delivery.timeoutMs,
        headers,
        secrets: this.deps.config.secrets,
      });
      return null;
    });
  }

  private keyOf(investigationId: string, channel: string, target: string, kind: string): string {
    return `${investigationId}|${channel}|${target}|${kind}`;
  }

  private async deliveredKinds(investigationId: string): Promise<Map<string, Delivery>> {
    const list = await this.deps.alerts.deliveries(investigationId).catch(() => []);
    return new Map(list.map((d) => [d.id, d]));
  }

  /**
   * One message with its stored record: skipped when it went out already (a replica that took the run over does not
   * post twice), retried per the delivery policy, then stored as sent or failed.
   */
  private async deliver(
    done: Map<string, Delivery>,
    investigationId: string,
    channel: string,
    target: string,
    kind: string,
    send: () => Promise<string | null>,
  ): Promise<Delivery> {
    const { alerts, metrics, logger, config } = this.deps;
    const id = this.keyOf(investigationId, channel, target, kind);
    const before = done.get(id);
    if (before?.status === 'sent') return before;
    const now = new Date().toISOString();
    const record: Delivery = {
      id,
      investigationId,
      channel,
      target,
      kind,
      status: 'pending',
      attempts: 0,
      lastError: null,
      ref: before?.ref ?? null,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    await alerts.saveDelivery(record).catch(() => {});
    const outcome = await deliverWithRetry(() => send(), config.delivery, {
      sleep: this.deps.sleep,
      onFailure: (attempt, err, wait) => {
        if (wait !== null) metrics.deliveries.inc({ channel, outcome: 'retried' });
        logger.warn(
          {
            investigation: investigationId,
            channel,
            target,
            kind,
            attempt,
            retryInMs: wait,
            err: scrubSecrets(err.message, config.secrets),
          },
          'message delivery failed',
        );
      },
    });
    record.attempts = outcome.attempts;
    record.updatedAt = new Date().toISOString();
    if (outcome.ok) {
      record.status = 'sent';
      record.ref = outcome.value ?? record.ref;
      record.lastError = null;
    } else {
      record.status = 'failed';
      record.lastError = scrubSecrets(outcome.error, config.secrets).slice(0, 500);
      logger.error(
        { investigation: investigationId, channel, target, kind, attempts: outcome.attempts, err: record.lastError },
        'message not delivered after its retries; kept as a failed delivery',
      );
    }
    metrics.deliveries.inc({ channel, outcome: record.status });
    await alerts
      .saveDelivery(record)
      .catch((err: Error) => logger.warn({ err: err.message }, 'could not store a delivery'));
    done.set(id, record);
    return record;
  }
}
