import { z } from 'zod';
import { ExternalLearningFields } from '../external-learning';
import { AttachmentRef } from './attachment';
import { WrittenAt } from './fields';

/**
 * Learning done elsewhere (issue 12.7) as a record of the channel: the form's fields, the
 * certificate's photo or PDF by reference (uploaded beside the batch, ≤ 2 MB), and when it was
 * written. An admin decides it on the server; the decision comes back with the learner's record.
 */
export const ExternalLearningBody = ExternalLearningFields.extend({
  file: AttachmentRef.nullable(),
  writtenAt: WrittenAt,
}).refine((body) => body.endDate >= body.startDate, { message: 'endDate is before startDate', path: ['endDate'] });
export type ExternalLearningBody = z.infer<typeof ExternalLearningBody>;
