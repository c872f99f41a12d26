import { hostname, networkInterfaces } from 'node:os';

/** Names a request may use to reach this machine itself, whatever proxy or client sent it. */
function ownHostNames(): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', hostname().toLowerCase()]);
  for (const addresses of Object.values(networkInterfaces()))
    for (const { address, family } of addresses ?? []) names.add(family === 'IPv6' ? `[${address}]` : address);
  return names;
}

/**
 * The origin printed on what leaves the server and is checked later (a certificate's QR and
 * its "Periksa keaslian" line): `LENTERA_PUBLIC_URL` when the operator set it; otherwise the
 * request's own origin only when its `Host` names this machine (loopback, one of its
 * addresses, its host name), as on a one-machine or LAN install. Any other `Host` is what a
 * client or a proxy chose — a holder could print a certificate whose QR opens a look-alike
 * verification site — so it is not trusted: null, and the certificate carries its code alone.
 */
export function trustedOrigin(configured: string | undefined, requestUrl: string): string | null {
  if (configured !== undefined) return configured;
  const url = new URL(requestUrl);
  return ownHostNames().has(url.hostname.toLowerCase()) ? url.origin : null;
}
