import { Hono } from 'hono';
import { CycleSettings, type CycleState, type EvidenceList, type FollowUpReport } from '../../shared/protocol/cycle';
import { managedBy } from '../auth/audience';
import { requireAdmin, requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import {
  followUpReport,
  latestEvidence,
  readCycleSettings,
  reviewsDue,
  saveCycleSettings,
} from '../services/action-plans';
import { openPeriodFor, surveyReviewsDue } from '../services/akpk';
import { issueWaitingCertificates } from '../services/certificates';
import type { RouteDeps } from './deps';

const today = (): string => new Date().toISOString().slice(0, 10);
const lastOf = (settings: CycleSettings): number => settings.checkpoints[settings.checkpoints.length - 1] ?? 90;

/** The training cycle's state for a phone, its settings (BKPSDM) and the follow-up report (administrators, scoped). */
export function cycleRoutes({ db, tokens, signer, records }: RouteDeps) {
  return new Hono<AuthEnv>()
    .get('/cycle', requireUser(tokens), async (c) => {
      const settings = await readCycleSettings(db);
      return c.json<CycleState>({
        settings,
        reviewsDue: await reviewsDue(db, c.var.session, lastOf(settings), new Date()),
        survey: await openPeriodFor(db, c.var.session.userId, today()),
        surveyReviewsDue: await surveyReviewsDue(db, c.var.session, today()),
      });
    })
    .put('/admin/cycle/settings', requireAdmin(tokens), jsonBodyLimit, async (c) => {
      const settings = await readJsonBody(c, CycleSettings);
      await saveCycleSettings(db, settings);
      // Certificates that waited only for an action plan are due now, not at some later push.
      if (!settings.actionPlanRequired) await issueWaitingCertificates(db, { signer, settings: records });
      return c.json<CycleSettings>(settings);
    })
    .get('/admin/follow-up', requireAnyAdmin(tokens), async (c) => {
      const settings = await readCycleSettings(db);
      const rows = await followUpReport(db, managedBy(c.var.session), lastOf(settings), new Date());
      return c.json<FollowUpReport>({ rows });
    })
    .get('/admin/follow-up/evidence', requireAnyAdmin(tokens), async (c) =>
      c.json<EvidenceList>({ reports: await latestEvidence(db, managedBy(c.var.session)) }),
    );
}
