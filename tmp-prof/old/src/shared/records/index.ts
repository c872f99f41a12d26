import { z } from 'zod';
import { ActionPlanBody, ActionReportBody, BehaviourReviewBody } from './action-plan';
import { AkpkResponseBody, AkpkReviewBody } from './akpk';
import { DiscussionDeleteBody, DiscussionEditBody, DiscussionPostBody } from './discussion';
import { ExternalLearningBody } from './external-learning';
import { RecordId } from './fields';

/**
 * The learner record channel: every kind of record a learner writes on the phone besides xAPI
 * statements and reading progress (discussion posts, action plans, survey answers, …). A
 * record is `{ id, kind, body }`: the id is generated on the phone, the body's shape is
 * declared here once and checked by the phone before it queues it and by the server before
 * it stores it. To add a kind: declare its body in a module of this folder, add one
 * `envelope(...)` line below, then give it a Dexie table (`src/app/data/records.ts`) and a
 * server type (`src/server/services/records/`): the compiler points at each place left.
 */
const envelope = <K extends string, B extends z.ZodType>(kind: K, body: B) =>
  z.strictObject({ id: RecordId, kind: z.literal(kind), body });

export const LearnerRecord = z.discriminatedUnion('kind', [
  envelope('discussion_post', DiscussionPostBody),
  envelope('discussion_edit', DiscussionEditBody),
  envelope('discussion_delete', DiscussionDeleteBody),
  envelope('action_plan', ActionPlanBody),
  envelope('action_report', ActionReportBody),
  envelope('behaviour_review', BehaviourReviewBody),
  envelope('akpk_response', AkpkResponseBody),
  envelope('akpk_review', AkpkReviewBody),
  envelope('external_learning', ExternalLearningBody),
]);
export type LearnerRecord = z.infer<typeof LearnerRecord>;
export type RecordKind = LearnerRecord['kind'];
export type RecordOf<K extends RecordKind> = Extract<LearnerRecord, { kind: K }>;
export type RecordBody<K extends RecordKind> = RecordOf<K>['body'];

export const RECORD_KINDS = LearnerRecord.options.map((option) => option.shape.kind.value);

export { DiscussionDeleteBody, DiscussionEditBody, DiscussionPostBody, POST_TEXT_MAX } from './discussion';

export {
  AttachmentRef,
  ATTACHMENT_RULES,
  attachmentsOf,
  PHOTO_MAX_BYTES,
  CERTIFICATE_FILE_MAX_BYTES,
} from './attachment';
export { ExternalLearningBody } from './external-learning';
