// A corpus of secret shapes that must never reach a remote model, and of look-alikes that must stay readable.
import { describe, expect, it } from 'vitest';
import { redactJson, redactText } from '../../src/llm/redact.js';

const PEM_BODY =
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

// [shape, text, the secret part that must be gone]
const SECRETS: Array<[string, string, string]> = [
  [
    'PEM RSA private key',
    `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`,
    'MzEfYyjiWA4R4',
  ],
  [
    'PEM PKCS#8 private key',
    `key:\n-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\nnext line`,
    'MIIEvQIBADANBg',
  ],
  [
    'PEM EC private key',
    `-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oooKIREa9EQ0oAoGCCqGSM49\n-----END EC PRIVATE KEY-----`,
    'MHcCAQEEIBkg4LVWM9',
  ],
  [
    'PEM encrypted private key',
    `-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI\n-----END ENCRYPTED PRIVATE KEY-----`,
    'MIIFHzBJBgkq',
  ],
  [
    'OpenSSH private key',
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEA',
  ],
  [
    'PGP private key block',
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0HmX0BCADgKUu7dCSsvq0TQ0vOJbQhZs3c\n-----END PGP PRIVATE KEY BLOCK-----',
    'lQOYBF0HmX0BCADg',
  ],
  ['cut-off private key', `error loading -----BEGIN PRIVATE KEY-----\n${PEM_BODY}`, 'MzEfYyjiWA4R4'],
  [
    'GCP service-account JSON',
    JSON.stringify({
      type: 'service_account',
      private_key_id: 'abc',
      private_key: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\n`,
      client_email: 'x@p.iam.gserviceaccount.com',
    }),
    'MzEfYyjiWA4R4',
  ],
  ['AWS secret in env', `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, 'bPxRfiCYEXAMPLEKEY'],
  [
    'AWS secret in credentials file',
    `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${AWS_SECRET}`,
    'bPxRfiCYEXAMPLEKEY',
  ],
  ['AWS temporary key id', 'using ASIAY34FZKBOKMUTVV7A for the session', 'ASIAY34FZKBOKMUTVV7A'],
  ['AWS key id', 'key AKIAIOSFODNN7EXAMPLE set', 'AKIAIOSFODNN7EXAMPLE'],
  ['lowercase bearer', 'authorization: bearer abcdef1234567890XYZ', 'abcdef1234567890XYZ'],
  ['bearer in a sentence', 'retrying with bearer eyJ0eXAi.short0token9 after 401', 'short0token9'],
  ['Basic credentials', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA'],
  ['YAML DB_PASSWORD quoted', 'env:\n  DB_PASSWORD: "s3cr3t pass"\n  DB_HOST: db', 's3cr3t pass'],
  [
    'YAML password unquoted with spaces',
    'database:\n  password: correct horse battery staple\n  port: 5432',
    'horse battery',
  ],
  ['JSON password with spaces', '{"user":"bob","password": "with spaces"}', 'with spaces'],
  ['JSON with escaped quotes', '{\\"password\\": \\"in a string\\"}', 'in a string'],
  ['short password', 'login password=abc ok', '=abc'],
  ['password with ! and @', 'password=p@ss!x user=bob', '!x'],
  ['password with @ in a URL', 'postgres://app:p@ss@db.internal:5432/orders', 'p@ss'],
  ['basic auth in a URL', 'GET https://deploy:hunter22@artifacts.example.com/v1/x', 'hunter22'],
  ['redis URL without user', 'redis://:r3dispw@cache:6379/0', 'r3dispw'],
  ['GitHub classic token', 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghij'],
  ['GitHub fine-grained token', 'GH=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11ABC'],
  ['Slack bot token', 'slack xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', 'xoxb-1234567890'],
  ['Slack user token', 'slack xoxp-1234567890-0987654321-AbCdEfGhIjKlMnOp', 'xoxp-1234567890'],
  [
    'Slack webhook URL',
    'posting to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    'XXXXXXXXXXXXXXXX',
  ],
  [
    'JWT',
    'cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'eyJzdWIiOiIx',
  ],
  [
    'Azure storage connection string',
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net',
    'Zm9vYmFyYmF6',
  ],
  [
    'Azure Service Bus connection string',
    'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=c2VjcmV0c2VjcmV0c2VjcmV0=',
    'c2VjcmV0c2Vj',
  ],
  [
    'Azure SAS signature',
    'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=AbCdEf%2BGhIjKlMn%3D',
    'AbCdEf%2BGh',
  ],
  ['Stripe live key', 'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39'],
  ['Stripe restricted key', 'rk_test_51H8abcdefghijklmnop', 'rk_test_51H8'],
  ['npm token', 'NPM=npm_abcdefghijklmnopqrstuvwxyz0123456789', 'npm_abcdefgh'],
  ['npmrc auth token', '//registry.npmjs.org/:_authToken=00000000-1111-2222-3333-444444444444', '1111-2222'],
  ['OpenAI key', 'using sk-proj-AbCdEf1234567890abcdef', 'sk-proj-AbCdEf'],
  ['Anthropic key', 'x-api-key: sk-ant-api03-AbCdEf1234567890abcdef', 'sk-ant-api03'],
  ['Google API key', 'key=AIzaSyD-1234567890abcdefghijklmnopqrstu', 'AIzaSyD-1234'],
  ['generic api_key in JSON', '{"api_key": "9f86d081884c7d659a2feaa0c55ad015"}', '9f86d081884c7d65'],
  ['generic secret in YAML', 'client_secret: abc123def', 'abc123def'],
  ['generic token in env', 'export SERVICE_TOKEN=tok_9XyZ', 'tok_9XyZ'],
  ['token in a query string', 'GET /callback?code=1&access_token=ya29.a0AfH6SM&state=x', 'ya29.a0AfH6SM'],
  ['api key header', 'X-Api-Key: 12345abc', '12345abc'],
  ['camelCase key', 'config {clientSecret: "Zx9!", region: "eu"}', 'Zx9!'],
  ['CLI flag with a space', 'ran psql --password hunter2 -h db', 'hunter2'],
  ['netrc', 'machine api.example.com login bob password s3cr3t', 's3cr3t'],
  ['cookie header', 'Cookie: sessionid=38afes7a8; csrftoken=abc', '38afes7a8'],
  ['numeric password', 'DB_PASS_WORD: 123456', '123456'],
  ['e-mail', 'user alice.smith+x@corp.example.com failed login', 'alice.smith'],
  ['ipv4', 'connection from 10.20.30.40:5432 refused', '10.20.30.40'],
];

// [shape, text, the part that must stay]
const KEEP: Array<[string, string, string]> = [
  ['git sha', 'deployed commit 66e5df83c15b0a1e2f3d4c5b6a7980123456789a', '66e5df83c15b0a1e2f3d4c5b6a7980123456789a'],
  [
    'UUID trace id',
    'trace_id=4bf92f35-77b3-4da6-a3ce-929d0e0e4736 span=00f067aa0ba902b7',
    '4bf92f35-77b3-4da6-a3ce-929d0e0e4736',
  ],
  ['timestamp', '2025-01-15T14:25:00.123Z ERROR pool exhausted', '2025-01-15T14:25:00.123Z'],
  ['password reset e-mail', 'password reset email sent', 'password reset email sent'],
  ['token expired', 'auth failed: token expired', 'token expired'],
  ['status words', 'token: expired, password: missing', 'token: expired, password: missing'],
  ['max_tokens', '{"max_tokens": 1024, "token_count": 77}', '"max_tokens": 1024, "token_count": 77'],
  ['secret name', 'secret_name: db-creds', 'db-creds'],
  ['token type', 'token_type: Bearer', 'token_type: Bearer'],
  ['prose bearer', 'the bearer token was missing', 'the bearer token was missing'],
  ['shell PWD', 'PWD=/home/app', 'PWD=/home/app'],
  ['version and loopback', 'at 14:45:00 deployed v2.4.1 to 127.0.0.1', 'at 14:45:00 deployed v2.4.1 to 127.0.0.1'],
  ['URL user name', 'postgres://app:pw12345@db/x', 'postgres://app:[REDACTED]@db/x'],
  [
    'certificate',
    '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----',
    'MIIDdzCCAl+gAwIBAgIE',
  ],
  ['http status line', 'POST /api/v1/checkout 500 5012ms', 'POST /api/v1/checkout 500 5012ms'],
  [
    'log key=values',
    'level=error service=checkout duration_ms=5012 pool_size=30',
    'level=error service=checkout duration_ms=5012 pool_size=30',
  ],
];

describe('redaction corpus', () => {
  it('has at least 40 secret shapes', () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(SECRETS)('removes %s', (_shape, text, secret) => {
    const { text: out, counts } = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('REDACTED');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it.each(SECRETS)('removes %s inside a JSON request body too', (_shape, text, secret) => {
    const body = { messages: [{ role: 'tool', content: text }] };
    expect(JSON.stringify(redactJson(body).value)).not.toContain(secret);
  });

  it.each(KEEP)('keeps %s', (_shape, text, kept) => {
    expect(redactText(text).text).toContain(kept);
  });

  it('redacts a secret-named key of a JSON object whole, and leaves its structure', () => {
    const { value, counts } = redactJson({
      headers: { Authorization: 'token abc', 'x-trace': 'ok' },
      password: 'with spaces',
      max_tokens: 10,
    });
    expect(value).toEqual({
      headers: { Authorization: '[REDACTED]', 'x-trace': 'ok' },
      password: '[REDACTED]',
      max_tokens: 10,
    });
    expect(counts.secret).toBe(2);
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    for (const [, text] of SECRETS) {
      const once = redactText(text).text;
      expect(redactText(once).text).toBe(once);
    }
  });

  it('costs linear time on hostile input', () => {
    const hostile = [
      'a'.repeat(200_000),
      'password='.repeat(20_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(2_000),
      'x@'.repeat(50_000),
      'Bearer '.repeat(30_000),
      'a_'.repeat(100_000) + '=',
      'postgres://u:'.repeat(10_000),
    ];
    const started = performance.now();
    for (const h of hostile) redactText(h);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
