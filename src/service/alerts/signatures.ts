// HMAC-SHA256 request signatures: PagerDuty's and Slack's (checked on the raw body, in constant time) and ours on
// outbound webhooks.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses to sign anything older than this and so do we: a replayed request is refused. */
const SLACK_MAX_AGE_SECONDS = 5 * 60;

export function hmacHex(secret: string, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * PagerDuty V3: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]`, one per signing secret, each an HMAC-SHA256 of the
 * raw body. Valid when any v1 signature matches any configured secret.
 */
export function verifyPagerDutySignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): SignatureCheck {
  if (!secrets.length)
    return { ok: false, reason: 'no PagerDuty signing secret is configured (PAGERDUTY_WEBHOOK_SECRETS)' };
  if (!header) return { ok: false, reason: 'missing X-PagerDuty-Signature' };
  const given = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3));
  if (!given.length) return { ok: false, reason: 'X-PagerDuty-Signature has no v1 signature' };
  let match = false;
  // Every pair is compared, so the time taken does not tell which secret (if any) matched.
  for (const secret of secrets) {
    const expected = hmacHex(secret, rawBody);
    for (const sig of given) if (equalText(expected, sig.toLowerCase())) match = true;
  }
  return match ? { ok: true } : { ok: false, reason: 'X-PagerDuty-Signature does not match' };
}

/**
 * Slack: `X-Slack-Signature: v0=<hex>` where hex = HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`), and
 * `X-Slack-Request-Timestamp` within five minutes of now.
 */
export function verifySlackSignature(
  rawBody: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  secret: string | undefined,
  nowMs = Date.now(),
): SignatureCheck {
  if (!secret) return { ok: false, reason: 'no Slack signing secret is configured (SLACK_SIGNING_SECRET)' };
  if (!signature || !timestamp) return { ok: false, reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not a Unix time' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_MAX_AGE_SECONDS)
    return { ok: false, reason: 'X-Slack-Request-Timestamp is more than five minutes from now (a replay?)' };
  const expected = `v0=${hmacHex(secret, Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), rawBody]))}`;
  return equalText(expected, signature.trim())
    ? { ok: true }
    : { ok: false, reason: 'X-Slack-Signature does not match' };
}

/**
 * Our outbound webhook signature: `X-Incident-Pilot-Signature: t=<unix seconds>,v1=<hex of HMAC(secret, "t.body")>`.
 */
export function signWebhook(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}
