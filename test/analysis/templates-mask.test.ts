import { describe, expect, it } from 'vitest';
import { maskMessage, maskTokens } from '../../src/analysis/templates.js';

describe('maskMessage', () => {
  it.each([
    ['numbers and durations', 'Connection from 10.0.0.1 closed after 35ms', 'Connection from <*> closed after <*>'],
    ['a number with a unit after it', 'took 3.5 s to flush 12 KB', 'took <*> to flush <*>'],
    ['hex ids', 'object 0x7fed806eb5d freed', 'object <*> freed'],
    ['UUIDs', 'instance 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4 started', 'instance <*> started'],
    ['IPv4 with port', 'dial 192.168.1.20:5432 refused', 'dial <*> refused'],
    ['IPv6', 'peer fe80::1ff:fe23:4567:890a left', 'peer <*> left'],
    ['host name with port', 'proxy.example.com:8080 open', '<*> open'],
    ['unix paths', 'cannot open /var/lib/app/data.db', 'cannot open <*>'],
    ['windows paths', 'loaded C:\\Windows\\system32\\x.dll', 'loaded <*>'],
    ['URLs', 'fetch https://api.example.com/v1/items?id=3 failed', 'fetch <*> failed'],
    ['e-mails', 'mail to alice@example.com bounced', 'mail to <*> bounced'],
    ['quoted single values', "user 'bob' not found", 'user <*> not found'],
    ['key=value values', 'retry status=busy attempt=3', 'retry status=<*> attempt=<*>'],
    ['ISO timestamps', 'since 2025-01-15T14:45:02.123Z', 'since <*>'],
    ['dates with month and weekday names', 'connection at Fri Jun 17 07:07:00 2005 ok', 'connection at <*> ok'],
    ['long mixed alphanumeric tokens', 'request req4f9a2b7c81 done', 'request <*> done'],
    ['comma separated lists of values', 'nodes [1, 2, 3] joined', 'nodes [<*>] joined'],
    ['a bracketed value restating the value before it', 'sent 5432 bytes (5.3 KB)', 'sent <*>'],
  ])('masks %s', (_name, input, expected) => {
    expect(maskMessage(input)).toBe(expected);
  });

  it('keeps words, including apostrophes, and masks nothing in a constant message', () => {
    expect(maskMessage("Can't find child in scoreboard")).toBe("Can't find child in scoreboard");
  });

  it('keeps month names that are not part of a date', () => {
    expect(maskMessage('May retry later')).toBe('May retry later');
  });

  it('tokenises quoted text with spaces instead of hiding it', () => {
    expect(maskMessage('"GET /v2/servers HTTP/1.1" status: 200')).toBe('"GET /v2/servers <*> status: <*>');
  });

  it('splits punctuation so tokens align across messages', () => {
    expect(maskTokens('error: key=value, done').tokens).toEqual(['error', ':', 'key', '=', '<*>', ',', 'done']);
    expect(maskTokens('pool(size:4)').tokens).toEqual(['pool', '(', 'size', ':', '<*>', ')']);
  });

  it('keeps variables apart by spaces as separate positions', () => {
    expect(maskMessage('GET /api/v1/cart 200 74ms')).toBe('GET /api/v1/cart <*> <*>');
    expect(maskMessage('GET /api/v1/carts/8812 200 74ms')).toBe('GET /api/v1/carts/<*> <*> <*>');
  });
});
