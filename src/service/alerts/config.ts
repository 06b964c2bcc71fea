// Alerting settings: alerts in, answers out. Read once from the service config file (INCIDENT_PILOT_CONFIG, YAML or
// JSON) with the fixed environment variables as overrides; secrets only from the environment or from files.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PilotError } from '../../core/errors.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface AlertRoute {
  /** Labels that must equal these values. */
  match: Record<string, string>;
  /** Labels that must match these regular expressions (anchored). */
  matchRe: Record<string, RegExp>;
  /** Slack channel for the alerts this route takes. */
  slack?: string;
  /** Keep looking for more routes after this one (like Alertmanager's `continue`). */
  continue: boolean;
}

export interface DeliveryPolicy {
  /** Attempts per message, the first included. */
  attempts: number;
  /** First wait, doubled each retry, when the receiver gives no Retry-After. */
  backoffMs: number;
  /** Ceiling of one wait, Retry-After included. */
  maxWaitMs: number;
  /** One attempt's time limit. */
  timeoutMs: number;
}

export interface AlertingConfig {
  /** Base URL of the web UI, for links in messages; none: messages carry the investigation id only. */
  publicUrl?: string;
  /** How far before the alert's startsAt the investigation window opens. */
  lookbackMs: number;
  /** How far after startsAt it may reach (it ends now when that is sooner). */
  leadMs: number;
  /** Alert investigations waiting beyond this are shed (recorded, counted, not run). */
  maxPending: number;
  /** How long a replica's claim on a run lasts without a heartbeat (PostgreSQL only). */
  leaseMs: number;
  pagerdutySecrets: string[];
  slack: { botToken?: string; channel?: string; signingSecret?: string; apiUrl: string; webhookUrl?: string };
  teamsWebhookUrl?: string;
  webhook?: { url: string; secret?: string };
  routes: AlertRoute[];
  delivery: DeliveryPolicy;
  /** Every secret above, so that messages and stored errors can be scrubbed of them. */
  secrets: string[];
}

const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** Keys that would hold a secret in the file: refused there, with the variable or *File key to use instead. */
const SECRET_KEYS: Record<string, string> = {
  'slack.botToken': 'SLACK_BOT_TOKEN or slack.botTokenFile',
  'slack.signingSecret': 'SLACK_SIGNING_SECRET or slack.signingSecretFile',
  'slack.webhookUrl': 'SLACK_WEBHOOK_URL or slack.webhookUrlFile',
  'teams.webhookUrl': 'TEAMS_WEBHOOK_URL or teams.webhookUrlFile',
  'webhook.secret': 'INCIDENT_PILOT_WEBHOOK_SECRET or webhook.secretFile',
  'pagerduty.secrets': 'PAGERDUTY_WEBHOOK_SECRETS or pagerduty.secretsFile',
};

const labelMap = z.record(z.string(), z.string());
const fileSchema = z.strictObject({
  publicUrl: z.string().url().optional(),
  alerts: z
    .strictObject({
      lookbackMinutes: z.number().positive().optional(),
      leadMinutes: z.number().positive().optional(),
      maxPending: z.number().int().min(1).optional(),
    })
    .optional(),
  replicas: z.strictObject({ leaseSeconds: z.number().positive().optional() }).optional(),
  pagerduty: z.strictObject({ secretsFile: z.string().optional() }).optional(),
  slack: z
    .strictObject({
      channel: z.string().optional(),
      apiUrl: z.string().url().optional(),
      botTokenFile: z.string().optional(),
      signingSecretFile: z.string().optional(),
      webhookUrlFile: z.string().optional(),
    })
    .optional(),
  teams: z.strictObject({ webhookUrlFile: z.string().optional() }).optional(),
  webhook: z.strictObject({ url: z.string().url().optional(), secretFile: z.string().optional() }).optional(),
  routes: z
    .array(
      z.strictObject({
        match: labelMap.optional(),
        matchRe: labelMap.optional(),
        slack: z.string().optional(),
        continue: z.boolean().optional(),
      }),
    )
    .optional(),
  delivery: z
    .strictObject({
      attempts: z.number().int().min(1).max(20).optional(),
      backoffMs: z.number().int().min(0).optional(),
      maxWaitMs: z.number().int().min(0).optional(),
      timeoutMs: z.number().int().min(100).optional(),
    })
    .optional(),
});
type FileConfig = z.infer<typeof fileSchema>;

function readConfigFile(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PilotError('config', `INCIDENT_PILOT_CONFIG=${path}: cannot read the file: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new PilotError(
      'config',
      `${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  raw ??= {};
  for (const [key, instead] of Object.entries(SECRET_KEYS)) {
    const [section, name] = key.split('.');
    if ((raw as Record<string, Record<string, unknown> | undefined>)[section]?.[name] !== undefined) {
      throw new PilotError('config', `${path}: ${key}: secrets do not belong in the config file; use ${instead}`);
    }
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PilotError('config', `${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** A secret from a file (trailing newline dropped), naming the key when it cannot be read. */
function readSecretFile(file: string | undefined, key: string): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch (err) {
    throw new PilotError('config', `${key}=${file}: cannot read the secret file: ${(err as Error).message}`);
  }
}

function checkUrl(value: string | undefined, setting: string): string | undefined {
  if (!value) return undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new PilotError('config', `${setting} is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new PilotError('config', `${setting} must be an http(s) URL`);
  return value;
}

function compileRoutes(routes: FileConfig['routes'], where: string): AlertRoute[] {
  return (routes ?? []).map((r, i) => ({
    match: r.match ?? {},
    matchRe: Object.fromEntries(
      Object.entries(r.matchRe ?? {}).map(([label, source]) => {
        try {
          return [label, new RegExp(`^(?:${source})$`)];
        } catch (err) {
          throw new PilotError('config', `${where}: routes.${i}.matchRe.${label}: ${(err as Error).message}`);
        }
      }),
    ),
    slack: r.slack,
    continue: r.continue ?? false,
  }));
}

function numberFromEnv(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new PilotError('config', `${name}=${raw}: expected a positive number`);
  return n;
}

export function loadAlertingConfig(env: Env): AlertingConfig {
  const path = env.INCIDENT_PILOT_CONFIG?.trim();
  const file: FileConfig = path ? readConfigFile(path) : {};
  const where = path ?? 'the service config';
  const pagerdutySecrets = (
    env.PAGERDUTY_WEBHOOK_SECRETS ??
    readSecretFile(file.pagerduty?.secretsFile, 'pagerduty.secretsFile') ??
    ''
  )
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const slack = {
    botToken: env.SLACK_BOT_TOKEN || readSecretFile(file.slack?.botTokenFile, 'slack.botTokenFile'),
    channel: env.SLACK_CHANNEL || file.slack?.channel,
    signingSecret: env.SLACK_SIGNING_SECRET || readSecretFile(file.slack?.signingSecretFile, 'slack.signingSecretFile'),
    apiUrl: checkUrl(env.SLACK_API_URL || file.slack?.apiUrl, 'SLACK_API_URL') ?? DEFAULT_SLACK_API_URL,
    webhookUrl: checkUrl(
      env.SLACK_WEBHOOK_URL || readSecretFile(file.slack?.webhookUrlFile, 'slack.webhookUrlFile'),
      'SLACK_WEBHOOK_URL',
    ),
  };
  const teamsWebhookUrl = checkUrl(
    env.TEAMS_WEBHOOK_URL || readSecretFile(file.teams?.webhookUrlFile, 'teams.webhookUrlFile'),
    'TEAMS_WEBHOOK_URL',
  );
  const webhookUrl = checkUrl(env.INCIDENT_PILOT_WEBHOOK_URL || file.webhook?.url, 'INCIDENT_PILOT_WEBHOOK_URL');
  const webhookSecret =
    env.INCIDENT_PILOT_WEBHOOK_SECRET || readSecretFile(file.webhook?.secretFile, 'webhook.secretFile');
  const leaseSeconds = numberFromEnv(env, 'INCIDENT_PILOT_LEASE_SECONDS') ?? file.replicas?.leaseSeconds ?? 30;
  const publicUrl = checkUrl(env.INCIDENT_PILOT_PUBLIC_URL || file.publicUrl, 'INCIDENT_PILOT_PUBLIC_URL');
  const secrets = [
    slack.botToken,
    slack.signingSecret,
    slack.webhookUrl,
    teamsWebhookUrl,
    webhookSecret,
    ...pagerdutySecrets,
  ].filter((s): s is string => !!s);
  return Object.freeze({
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    lookbackMs: (file.alerts?.lookbackMinutes ?? 60) * 60_000,
    leadMs: (file.alerts?.leadMinutes ?? 30) * 60_000,
    maxPending: file.alerts?.maxPending ?? 1000,
    leaseMs: Math.round(leaseSeconds * 1000),
    pagerdutySecrets,
    slack,
    teamsWebhookUrl,
    webhook: webhookUrl ? { url: webhookUrl, secret: webhookSecret } : undefined,
    routes: compileRoutes(file.routes, where),
    delivery: {
      attempts: file.delivery?.attempts ?? 5,
      backoffMs: file.delivery?.backoffMs ?? 1000,
      maxWaitMs: file.delivery?.maxWaitMs ?? 120_000,
      timeoutMs: file.delivery?.timeoutMs ?? 10_000,
    },
    secrets,
  });
}
