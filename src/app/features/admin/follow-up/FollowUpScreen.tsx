import { cycleApi, EvidenceList, FollowUpReport } from '../../../../shared/protocol/cycle';
import { attachmentsApi } from '../../../../shared/records/attachment';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { requestJson } from '../../../data/http';
import { useAction } from '../../../hooks/useAction';
import { useT } from '../../../hooks/useT';
import { useSession } from '../../../stores/session';
import { RemotePhoto } from '../RemotePhoto';
import { useCourseChoices } from '../courses/useCourseChoices';
import { useRemote } from '../useRemote';
import { followUpSheet } from './followUpSheet';

const fetchReport = () => requestJson(cycleApi.followUp, FollowUpReport, { token: useSession.getState().token });
const fetchEvidence = () => requestJson(cycleApi.evidence, EvidenceList, { token: useSession.getState().token });

/**
 * Kirkpatrick level 3 per course and OPD: how many actions of the action plans were done,
 * the learners' own behaviour index beside their atasan's, response rates and the atasan's
 * comments; exported as XLSX.
 */
export default function FollowUpScreen() {
  const { t } = useT();
  const report = useRemote(fetchReport, []);
  const { courseTitle } = useCourseChoices();
  const exportXlsx = useAction(async () => {
    if (!report.data) return;
    const { default: writeXlsxFile } = await import('write-excel-file/browser');
    const sheet = followUpSheet(report.data.rows, t, courseTitle).map((row) =>
      row.map((value) => ({ value: value ?? undefined })),
    );
    await writeXlsxFile(sheet).toFile('tindak-lanjut-pelatihan.xlsx');
  });
  const cells = report.data ? followUpSheet(report.data.rows, t, courseTitle) : [];
  return (
    <main>
      <h1>{t('followUp.title')}</h1>
      <p>{t('followUp.intro')}</p>
      {report.error !== null && <ErrorNotice error={report.error} />}
      {report.data === undefined ? (
        <p class="loading">{t('app.loading')}</p>
      ) : report.data.rows.length === 0 ? (
        <p>{t('followUp.empty')}</p>
      ) : (
        <>
          <button type="button" class="button" disabled={exportXlsx.busy} onClick={() => exportXlsx.run()}>
            {t('followUp.export')}
          </button>
          {exportXlsx.error !== null && <ErrorNotice error={exportXlsx.error} />}
          <div class="admin-table__scroll">
            <table class="follow-up-table">
              <thead>
                <tr>
                  {cells[0]?.map((label) => (
                    <th key={String(label)}>{label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {cells.slice(1).map((row, at) => (
                  <tr key={at}>
                    {row.map((value, column) => (
                      <td key={column}>{value ?? '–'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Evidence courseTitle={courseTitle} />
    </main>
  );
}

/** The newest reports with evidence (text, photo) of the people the admin manages: the proof behind "% selesai". */
function Evidence({ courseTitle }: { courseTitle(courseId: string): string }) {
  const { t } = useT();
  const evidence = useRemote(fetchEvidence, []);
  return (
    <section aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t('followUp.evidenceTitle')}</h2>
      {evidence.error !== null && <ErrorNotice error={evidence.error} />}
      {evidence.data === undefined ? null : evidence.data.reports.length === 0 ? (
        <p>{t('followUp.evidenceEmpty')}</p>
      ) : (
        <ul class="evidence-list">
          {evidence.data.reports.map((report) => (
            <li key={report.reportId}>
              <strong>{report.name}</strong> · {report.opd} · {courseTitle(report.courseId)} ·{' '}
              {t('followUp.evidenceDay', { days: report.checkpoint })}
              <ul>
                {report.items.map((item, at) => (
                  <li key={at}>
                    {item.what} — {t(`cycle.followUp.status.${item.status}`, item.status)}
                    {item.evidence !== '' && `: ${item.evidence}`}
                    {item.photo && (
                      <RemotePhoto path={attachmentsApi.file(item.photo.sha256)} alt={t('followUp.evidencePhoto')} />
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
