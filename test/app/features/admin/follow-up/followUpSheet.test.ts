import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { followUpSheet } from '../../../../../src/app/features/admin/follow-up/followUpSheet';

const t = ((key: string) => key) as unknown as TFunction;

describe('the follow-up XLSX sheet', () => {
  it('has one header row, then shares as percent and indexes to one decimal, missing figures empty', () => {
    const sheet = followUpSheet(
      [
        {
          courseId: 'etika',
          opd: 'Disdukcapil',
          plans: 3,
          actionsPlanned: 7,
          actionsDone: 2,
          doneShare: 2 / 7,
          selfResponseRate: 2 / 3,
          atasanResponseRate: null,
          selfIndex: 87.5,
          atasanIndex: null,
          comments: ['Baik', 'Perlu dukungan'],
        },
      ],
      t,
      (courseId) => (courseId === 'etika' ? 'Etika ASN BerAKHLAK' : courseId),
    );
    expect(sheet[0]?.[0]).toBe('followUp.columns.course');
    expect(sheet[1]).toEqual([
      'Etika ASN BerAKHLAK',
      'Disdukcapil',
      3,
      7,
      2,
      28.6,
      66.7,
      null,
      87.5,
      null,
      'Baik | Perlu dukungan',
    ]);
  });
});
