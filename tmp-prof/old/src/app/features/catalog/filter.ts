import type { CatalogEntry } from '../../../shared/protocol';
import type { CompetencyType } from '../../../shared/schema/bundle';

/** JP ranges a learner thinks in: a short course, a day or two, a long programme. */
export const JP_RANGES = ['short', 'medium', 'long'] as const;
export type JpRange = (typeof JP_RANGES)[number];

const JP_LIMITS: Record<JpRange, [number, number]> = {
  short: [0, 2],
  medium: [3, 8],
  long: [9, Number.POSITIVE_INFINITY],
};

export interface CatalogCriteria {
  /** Words typed in the search box; every word must appear in the title or description (either language). */
  query: string;
  competency: CompetencyType | null;
  jp: JpRange | null;
  downloadedOnly: boolean;
  requiredOnly: boolean;
}

export const NO_CRITERIA: CatalogCriteria = {
  query: '',
  competency: null,
  jp: null,
  downloadedOnly: false,
  requiredOnly: false,
};

export interface CatalogFacts {
  downloaded: ReadonlySet<string>;
  /** Courses the learner must take (assigned by the BKPSDM); empty when the phone knows of none. */
  required: ReadonlySet<string>;
}

/** Lower case, accents off (é → e), so "pelayanan publik" finds "Pelayanan Publik" and "kinerja" finds "Kinérja". */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The searchable text of a course, worked out once per catalog rather than on every key press. */
export function searchText(entry: CatalogEntry): string {
  return normalise([entry.title.id, entry.title.en, entry.description.id, entry.description.en].join(' '));
}

/**
 * The courses matching what the learner asked for, in catalog order: required courses first
 * (the learner must take them), then the rest. Linear in the catalog's size; 200 courses are
 * filtered well within a frame.
 */
export function filterCatalog(
  entries: readonly CatalogEntry[],
  criteria: CatalogCriteria,
  facts: CatalogFacts,
  texts: ReadonlyMap<string, string> = new Map(entries.map((entry) => [entry.id, searchText(entry)])),
): CatalogEntry[] {
  const words = normalise(criteria.query).split(/\s+/).filter(Boolean);
  const [minJp, maxJp] = criteria.jp ? JP_LIMITS[criteria.jp] : [0, Number.POSITIVE_INFINITY];
  const matching = entries.filter((entry) => {
    if (criteria.competency && entry.competency !== criteria.competency) return false;
    if (entry.jp < minJp || entry.jp > maxJp) return false;
    if (criteria.downloadedOnly && !facts.downloaded.has(entry.id)) return false;
    if (criteria.requiredOnly && !facts.required.has(entry.id)) return false;
    const text = texts.get(entry.id) ?? searchText(entry);
    return words.every((word) => text.includes(word));
  });
  return [
    ...matching.filter((entry) => facts.required.has(entry.id)),
    ...matching.filter((entry) => !facts.required.has(entry.id)),
  ];
}

export function hasCriteria(criteria: CatalogCriteria): boolean {
  return (
    criteria.query.trim() !== '' ||
    criteria.competency !== null ||
    criteria.jp !== null ||
    criteria.downloadedOnly ||
    criteria.requiredOnly
  );
}
