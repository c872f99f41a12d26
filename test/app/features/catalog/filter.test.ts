import { describe, expect, it } from 'vitest';
import { NO_CRITERIA, filterCatalog, normalise, searchText } from '../../../../src/app/features/catalog/filter';
import { catalogOf200 } from '../../builders';

const none = { downloaded: new Set<string>(), required: new Set<string>() };

describe('filterCatalog', () => {
  const entries = catalogOf200();

  it('finds every word typed, in title or description, case and accents aside', () => {
    expect(normalise('Kinérja ÉTIKA')).toBe('kinerja etika');
    const found = filterCatalog(entries, { ...NO_CRITERIA, query: '  pelayanan   PUBLIK ' }, none);
    expect(found.length).toBeGreaterThan(0);
    for (const entry of found) expect(searchText(entry)).toContain('pelayanan publik');
    expect(filterCatalog(entries, { ...NO_CRITERIA, query: 'kinerja 121' }, none).map((entry) => entry.id)).toEqual([
      'kursus-121',
    ]);
    expect(filterCatalog(entries, { ...NO_CRITERIA, query: 'tidak-ada-yang-cocok' }, none)).toEqual([]);
  });

  it('filters by competency type, JP range, downloaded and wajib, together', () => {
    const manajerial = filterCatalog(entries, { ...NO_CRITERIA, competency: 'manajerial' }, none);
    expect(manajerial.length).toBeGreaterThan(50);
    expect(manajerial.every((entry) => entry.competency === 'manajerial')).toBe(true);
    expect(filterCatalog(entries, { ...NO_CRITERIA, jp: 'short' }, none).every((entry) => entry.jp <= 2)).toBe(true);
    expect(filterCatalog(entries, { ...NO_CRITERIA, jp: 'long' }, none).every((entry) => entry.jp >= 9)).toBe(true);
    const facts = { downloaded: new Set(['kursus-1', 'kursus-2']), required: new Set(['kursus-2', 'kursus-150']) };
    expect(filterCatalog(entries, { ...NO_CRITERIA, downloadedOnly: true }, facts).map((e) => e.id)).toEqual([
      'kursus-2',
      'kursus-1',
    ]);
    expect(filterCatalog(entries, { ...NO_CRITERIA, requiredOnly: true }, facts).map((e) => e.id)).toEqual([
      'kursus-2',
      'kursus-150',
    ]);
    // With nothing asked, everything, wajib courses first.
    const all = filterCatalog(entries, NO_CRITERIA, facts);
    expect(all).toHaveLength(200);
    expect(all.slice(0, 2).map((entry) => entry.id)).toEqual(['kursus-2', 'kursus-150']);
  });
});
