import { discussionApi, ModerationPage, type ModerationPostView } from '../../../../shared/protocol/discussion';
import { request, requestJson } from '../../../data/http';
import { useSession } from '../../../stores/session';

const token = (): string | null => useSession.getState().token;

/** One page of posts for moderation, newest first; `before` is the previous page's cursor. */
export function fetchModerationPage(courseId: string | null, before: string | null): Promise<ModerationPage> {
  const query = new URLSearchParams();
  if (courseId !== null) query.set('courseId', courseId);
  if (before !== null) query.set('before', before);
  const suffix = query.size > 0 ? `?${query}` : '';
  return requestJson(discussionApi.moderation + suffix, ModerationPage, { token: token() });
}

export async function moderate(
  post: Pick<ModerationPostView, 'id'>,
  action: 'hide' | 'unhide' | 'pin' | 'unpin',
  reason?: string,
): Promise<void> {
  await request(discussionApi.moderate(post.id, action), {
    token: token(),
    method: 'POST',
    body: action === 'hide' ? { reason } : {},
  });
}
