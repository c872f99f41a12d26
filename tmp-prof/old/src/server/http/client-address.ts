import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address a request came from, for throttling. By default the socket's peer: a header
 * anyone can write must not decide whose attempts are counted. Behind a reverse proxy every
 * request comes from the proxy, so `trustedProxyHops` (LENTERA_TRUST_PROXY_HOPS) says how many
 * proxies of ours append to `X-Forwarded-For`: the client is the address that many entries
 * from the right. IPv6 clients are counted per /64, the block one subscriber usually holds.
 */
export function clientAddress(c: Context, trustedProxyHops: number): string {
  const socket = socketAddress(c);
  if (trustedProxyHops <= 0) return normalizeAddress(socket);
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const candidate = forwarded[forwarded.length - trustedProxyHops];
  const normalized = candidate === undefined ? 'unknown' : normalizeAddress(candidate);
  // Fewer entries than proxies, or garbage: only the proxy is known for sure.
  return normalized === 'unknown' ? normalizeAddress(socket) : normalized;
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket: a request handed to the app directly (tests, an embedding host).
    return 'unknown';
  }
}

export function normalizeAddress(address: string): string {
  const mapped = address.replace(/^::ffff:/i, '');
  if (isIPv4(mapped)) return mapped;
  if (!isIPv6(address)) return 'unknown';
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` expanded, without a zone or embedded IPv4 tail. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]?.split('::') ?? [''];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((group) =>
    (group.includes('.') ? '0' : group).toLowerCase().replace(/^0+(?=.)/, ''),
  );
}
