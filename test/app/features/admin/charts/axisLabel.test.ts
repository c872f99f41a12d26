import { describe, expect, it } from 'vitest';
import { axisLabel } from '../../../../../src/app/features/admin/charts/axisLabel';

describe("a chart's category label on a phone", () => {
  it('cuts a long OPD name at a word with an ellipsis, so its start is never clipped', () => {
    expect(axisLabel('Badan Kepegawaian dan Pengembangan Sumber Daya Manusia')).toBe('Badan Kepegawaian dan…');
    expect(axisLabel('Dinas Kesehatan')).toBe('Dinas Kesehatan');
    // One long word is cut where it must be.
    expect(axisLabel('A'.repeat(40))).toBe(`${'A'.repeat(23)}…`);
  });
});
