// Who is calling at the network level: the socket's address, or the X-Forwarded-For hop that the configured
// proxies vouch for. A header from anyone else is ignored: otherwise any client could pick its own rate bucket.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

export type AddressMatcher = (ip: string) => boolean;

function familyOf(ip: string): 'ipv4' | 'ipv6' | undefined {
  const f = isIP(ip);
  return f === 4 ? 'ipv4' : f === 6 ? 'ipv6' : undefined;
}

/** A matcher for IPs and CIDRs (entries already validated); IPv4-mapped IPv6 addresses match their IPv4 rules. */
export function createAddressMatcher(entries: string[]): AddressMatcher {
  const list = new BlockList();
  for (const entry of entries) {
    const [addr, bits] = entry.split('/');
    const family = familyOf(addr);
    if (!family) continue;
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
  }
  return (ip) => {
    const family = familyOf(ip);
    return family !== undefined && list.check(ip, family);
  };
}

const LOOPBACK = createAddressMatcher(['127.0.0.0/8', '::1']);

/** An IP literal in 127.0.0.0/8 or ::1 (brackets allowed); names never are, whatever they look like. */
export function isLoopbackAddress(text: string): boolean {
  return LOOPBACK(text.replace(/^\[|\]$/g, ''));
}

/**
 * The client's address. Behind trusted proxies, X-Forwarded-For is read from the right (the hop nearest us)
 * and the first address that is not itself a trusted proxy is the client; a malformed hop stops the walk.
 */
export function clientIpOf(req: IncomingMessage, trusted: AddressMatcher | undefined): string {
  const remote = req.socket.remoteAddress ?? 'unknown';
  if (!trusted || !trusted(remote)) return remote;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim().replace(/^\[|\]$/g, ''))
    .filter(Boolean);
  let ip = remote;
  for (const hop of hops.reverse()) {
    if (!isIP(hop)) return ip;
    ip = hop;
    if (!trusted(hop)) return hop;
  }
  return ip;
}
