import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, redactJson, redactText } from '../../src/llm/redact.js';

describe('redactText', () => {
  const cases: Array<[string, string, string]> = [
    ['e-mail', 'user alice.smith+x@corp.example.com failed login', 'alice.smith'],
    ['ipv4', 'connection from 10.20.30.40:5432 refused', '10.20.30.40'],
    ['ipv6', 'peer 2001:db8:85a3::8a2e:370:7334 reset', '2001:db8'],
    ['ipv6 full', 'peer fe80:0:0:0:202:b3ff:fe1e:8329 reset', 'fe80'],
    ['bearer', 'Authorization: Bearer abcdef1234567890XYZ', 'abcdef1234567890XYZ'],
    ['openai key', 'using sk-proj-AbCdEf1234567890abcdef', 'sk-proj-AbCdEf1234567890abcdef'],
    ['aws key', 'key AKIAIOSFODNN7EXAMPLE set', 'AKIAIOSFODNN7EXAMPLE'],
    ['github token', 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghij'],
    ['slack token', 'xoxb-1234567890-abcdefghij', 'xoxb-1234567890'],
    ['key=secret', 'api_key=9f86d081884c7d659a2feaa0c55ad015', '9f86d081884c7d659a2feaa0c55ad015'],
    ['password json', '{"password": "hunter2hunter2"}', 'hunter2hunter2'],
    ['url password', 'postgres://app:s3cr3tPass@db.internal:5432/orders', 's3cr3tPass'],
    [
      'jwt',
      'cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'eyJhbGciOiJIUzI1NiJ9',
    ],
  ];
  for (const [name, input, secret] of cases) {
    it(`removes ${name}`, () => {
      const { text, counts } = redactText(input);
      expect(text).not.toContain(secret);
      expect(text).toContain('REDACTED');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });
  }

  it('keeps what is not secret: times, versions, shas, loopback, the user name of a URL', () => {
    const input = 'at 14:45:00 deployed v2.4.1 (66e5df83c15b) to 127.0.0.1; postgres://app:pw12345@db/x';
    const { text } = redactText(input);
    expect(text).toContain('14:45:00');
    expect(text).toContain('v2.4.1');
    expect(text).toContain('66e5df83c15b');
    expect(text).toContain('127.0.0.1');
    expect(text).toContain('postgres://app:[REDACTED]@db/x');
  });
});

describe('redactJson', () => {
  it('redacts strings at any depth and keeps the structure', () => {
    const { value, counts } = redactJson({ messages: [{ role: 'tool', content: 'from 192.168.1.7' }], n: 3 });
    expect(value).toEqual({ messages: [{ role: 'tool', content: 'from [REDACTED_IP]' }], n: 3 });
    expect(counts.ipv4).toBe(1);
  });
});

describe('isLoopbackUrl', () => {
  it('knows localhost, 127.x and ::1 from remote hosts', () => {
    expect(isLoopbackUrl('http://localhost:11434')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.2:8080/v1')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:11434')).toBe(true);
    expect(isLoopbackUrl('https://ollama.com')).toBe(false);
    expect(isLoopbackUrl('http://10.0.0.5:11434')).toBe(false);
  });
});
