import { describe, expect, it } from 'vitest';
import { catalogEntryOf } from '../../../src/shared/protocol';
import { CatalogResponseSchema } from '../../../src/shared/protocol/responses';
import { manifestFixture } from '../../app/builders';

describe('a catalog entry', () => {
  it("names the cover by its file's sha256, and has none when the bundle has none", () => {
    const sha256 = 'c'.repeat(64);
    const manifest = manifestFixture({
      cover: 'images/cover.svg',
      files: [{ path: 'images/cover.svg', size: 10, sha256, type: 'image/svg+xml' }],
    });
    expect(catalogEntryOf(manifest, 10, '2026-11-30T00:00:00.000Z').cover).toBe(sha256);
    expect(catalogEntryOf(manifestFixture(), 10, '2026-11-30T00:00:00.000Z')).not.toHaveProperty('cover');
  });

  it('on the phone, accepts only a hash as the cover: it becomes part of a URL', () => {
    const entry = catalogEntryOf(manifestFixture(), 10, '2026-11-30T00:00:00.000Z');
    expect(CatalogResponseSchema.safeParse({ courses: [{ ...entry, cover: 'd'.repeat(64) }] }).success).toBe(true);
    for (const cover of ['../admin', 'D'.repeat(64), `${'d'.repeat(64)}?x=1`, 'https://evil.example/x.png'])
      expect(CatalogResponseSchema.safeParse({ courses: [{ ...entry, cover }] }).success, cover).toBe(false);
  });
});
