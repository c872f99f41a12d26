import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { trustedOrigin } from '../../../src/server/http/public-origin';

describe('the origin a certificate prints', () => {
  it('is LENTERA_PUBLIC_URL when set, whatever Host the request named', () => {
    expect(trustedOrigin('https://lentera.binjaikota.go.id', 'http://evil.example/api/x')).toBe(
      'https://lentera.binjaikota.go.id',
    );
  });

  it('is the request origin when its Host names this machine (a one-machine or LAN install)', () => {
    expect(trustedOrigin(undefined, 'http://localhost:8080/api/x')).toBe('http://localhost:8080');
    expect(trustedOrigin(undefined, 'http://127.0.0.1:4100/api/x')).toBe('http://127.0.0.1:4100');
    expect(trustedOrigin(undefined, 'http://[::1]:4100/api/x')).toBe('http://[::1]:4100');
    expect(trustedOrigin(undefined, `http://${hostname()}:8080/api/x`)).toBe(`http://${hostname().toLowerCase()}:8080`);
  });

  it('is none when Host names another site: a holder cannot print a QR that opens a look-alike page', () => {
    expect(trustedOrigin(undefined, 'http://evil.example/api/x')).toBeNull();
    expect(trustedOrigin(undefined, 'https://lentera.binjaikota.go.id.evil.example/api/x')).toBeNull();
  });
});
