import { cycleApi, FollowUpReport } from '../../../../shared/protocol/cycle';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { requestJson } from '../../../data/http';
import { useAction } from '../../../hooks/useAction';
import { useT } from '../../../hooks/useT';
import { useSession } from '../../../stores/session';
import { useRemote } from '../useRemote';
import { followUpSheet } from './followUpSheet';

const fetchReport = () => requestJson(cycleApi.followUp, FollowUpReport, { token: useSession.getState().token });

/**
 * Kirkpatrick level 3 per course and OPD: how many actions of the action plans were done,
 * the learners' own behaviour index beside their atasan's, response rates and the atasan's
 * comments; exported as XLSX.
 */
export default function FollowUpScreen() {
  const { t } = useT();
  const report = useRemote(fetchReport, []);
  const exportXlsx = useAction(async () => {
    if (!report.data) return;
    const { default: writeXlsxFile } = await import('write-excel-file/browser');
    const sheet = followUpSheet(report.data.rows, t).map((row) => row.map((value) => ({ value: value ?? undefined })));
    await writeXlsxFile(sheet).toFile('tindak-lanjut-pelatihan.xlsx');
  });
  const cells = report.data ? followUpSheet(report.data.rows, t) : [];
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
          <div class="table-scroll">
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
    </main>
  );
}
