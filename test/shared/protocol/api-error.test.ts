import { describe, expect, it } from 'vitest';
import { parseJsonOrNull, readApiError } from '../../../src/shared/protocol/api-error';
import { requestErrorOf } from '../../../src/app/data/http';

describe('the API-error decoder', () => {
  it("reads Lentera's error body: code, message and details", () => {
    const body = { error: { code: 'invalid_bundle', message: 'refused', details: { problems: [] } } };
    expect(readApiError(body)).toEqual({
      code: 'invalid_bundle',
      rawCode: 'invalid_bundle',
      message: 'refused',
      details: { problems: [] },
    });
  });

  it('says nothing about a page that is not Lentera’s (a Wi-Fi login page, a proxy)', () => {
    for (const body of [null, 'text', [], {}, { error: 'x' }, { error: { code: 42 } }, parseJsonOrNull('<html>')])
      expect(readApiError(body)).toBeNull();
  });

  it('keeps a code a newer server sent as raw text, without pretending to know it', () => {
    expect(readApiError({ error: { code: 'brand_new', message: 'm' } })).toMatchObject({
      code: null,
      rawCode: 'brand_new',
    });
  });

  it("marks the app's RequestError as from the API only when the body is Lentera's", () => {
    const portal = requestErrorOf(403, 'Forbidden', null);
    expect([portal.code, portal.fromApi]).toEqual(['bad_request', false]);
    const refused = requestErrorOf(403, 'Forbidden', { error: { code: 'forbidden', message: 'not yours' } });
    expect([refused.code, refused.fromApi, refused.message]).toEqual(['forbidden', true, 'not yours']);
    const newer = requestErrorOf(503, 'Unavailable', { error: { code: 'draining', message: '' } });
    expect([newer.code, newer.fromApi, newer.message]).toEqual(['internal', true, 'Unavailable']);
  });
});
