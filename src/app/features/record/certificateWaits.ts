/**
 * What a certificate not issued yet waits for, other than the learner's action plan: the record
 * screen and the quiz's completion panel say it alike. Apart from `./format`, which Beranda's JP
 * card loads and which needs none of this.
 */
export const CERTIFICATE_WAITS_FOR = {
  sync: 'record.certificatePending',
  pending: 'record.certificateHeld',
  refused: 'record.certificateRefused',
} as const;
