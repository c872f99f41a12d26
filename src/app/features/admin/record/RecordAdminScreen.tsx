import { formatDay } from '../../../components/format';
import { useState } from 'preact/hooks';
import { jpYear, DEFAULT_TIME_ZONE } from '../../../../shared/ledger';
import {
  COMPLIANCE_GROUPINGS,
  type AdminExternalRecord,
  type ComplianceGrouping,
  type CompliancePerson,
} from '../../../../shared/protocol/record';
import { errorMessage } from '../../../components/errorMessage';
import { RequestError } from '../../../data/errors';
import { RemotePhoto } from '../RemotePhoto';
import { useT } from '../../../hooks/useT';
import { BarChart } from '../charts/BarChart';
import { useRemote } from '../useRemote';
import {
  decideExternal,
  download,
  fetchCompliance,
  fetchCompliancePeople,
  fetchPendingExternal,
  revokeCertificate,
  type ComplianceDrill,
} from './api';

/**
 * "Pemenuhan 20 JP" and the record's admin work: compliance per OPD or per jenis jabatan with a
 * chart and a drill-down, exports (compliance, SIASN), external learning to decide, certificate revocation.
 * What an OPD admin sees is their OPD only (the server scopes every answer).
 */
export default function RecordAdminScreen() {
  const { t, language } = useT();
  // Numbers as the reader writes them: "12,50 %" in Bahasa Indonesia, "12.50 %" in English.
  const locale = language === 'en' ? 'en-GB' : 'id-ID';
  const currentYear = jpYear(new Date(), DEFAULT_TIME_ZONE);
  const [year, setYear] = useState(currentYear);
  const [groupBy, setGroupBy] = useState<ComplianceGrouping>('opd');
  const [drill, setDrill] = useState<ComplianceDrill | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const report = useRemote(() => fetchCompliance(year, groupBy), [year, groupBy]);
  const groupLabel = (group: string | null): string => (group === null ? t('admin.record.jenisUnset') : group || '—');
  const exportUrl = (format: 'csv' | 'xlsx') =>
    `/api/admin/jp-compliance/export?year=${year}&groupBy=${groupBy}&format=${format}`;
  const years = Array.from({ length: 6 }, (_, index) => currentYear - index);
  const run = (action: () => Promise<void>) => () => {
    setFailure(null);
    action().catch(setFailure);
  };
  return (
    <main class="admin__main admin-record">
      <h1>{t('admin.record.title', { target: report.data?.target ?? 20 })}</h1>
      <label>
        {t('admin.record.year')}{' '}
        <select value={year} onChange={(event) => setYear(Number(event.currentTarget.value))}>
          {years.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('admin.record.groupBy')}{' '}
        <select
          value={groupBy}
          onChange={(event) => {
            setGroupBy(event.currentTarget.value as ComplianceGrouping);
            setDrill(null);
          }}
        >
          {COMPLIANCE_GROUPINGS.map((value) => (
            <option key={value} value={value}>
              {t(`admin.record.groupBy_${value}`)}
            </option>
          ))}
        </select>
      </label>
      {failure !== null && <p class="notice notice--error">{errorMessage(failure)}</p>}
      {report.error !== null && <p class="notice notice--error">{errorMessage(report.error)}</p>}
      {report.data !== undefined && (
        <>
          <BarChart
            title={t(
              report.data.groupBy === 'opd' ? 'admin.record.chartTitle' : 'admin.record.chartTitle_jenis_jabatan',
              { year },
            )}
            labels={report.data.rows.map((row) => groupLabel(row.group))}
            series={[
              {
                label: t('admin.record.share'),
                values: report.data.rows.map((row) => row.share),
                color: '#1f7a4d',
              },
            ]}
            max={100}
            horizontal
            format={(value) => `${value.toLocaleString(locale)} %`}
          />
          <div class="admin-table__scroll">
            <table class="admin-table admin-table--figures">
              <thead>
                <tr>
                  <th>{t(report.data.groupBy === 'opd' ? 'admin.record.opd' : 'admin.record.jenisJabatan')}</th>
                  <th>{t('admin.record.people')}</th>
                  <th>{t('admin.record.reached', { target: report.data.target })}</th>
                  <th>{t('admin.record.share')}</th>
                  <th>{t('admin.record.average')}</th>
                  <th>{t('admin.record.zero')}</th>
                </tr>
              </thead>
              <tbody>
                {[...report.data.rows, report.data.total].map((row, index) => (
                  <tr key={index === report.data!.rows.length ? ':total' : (row.group ?? ':unset')}>
                    <td>
                      {index === report.data!.rows.length ? (
                        <strong>{t('admin.record.total')}</strong>
                      ) : (
                        <button
                          type="button"
                          class="link-button"
                          onClick={() => setDrill({ groupBy: report.data!.groupBy, group: row.group })}
                        >
                          {groupLabel(row.group)}
                        </button>
                      )}
                    </td>
                    <td>{row.people}</td>
                    <td>{row.reached}</td>
                    <td>{row.share.toLocaleString(locale, { minimumFractionDigits: 2 })} %</td>
                    <td>{row.averageJp.toLocaleString(locale)}</td>
                    <td>{row.zeroJp}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="admin-actions">
            <button type="button" onClick={run(() => download(exportUrl('xlsx'), `pemenuhan-jp-${year}.xlsx`))}>
              {t('admin.record.exportXlsx')}
            </button>{' '}
            <button type="button" onClick={run(() => download(exportUrl('csv'), `pemenuhan-jp-${year}.csv`))}>
              {t('admin.record.exportCsv')}
            </button>
          </p>
        </>
      )}
      {drill !== null && (
        <People
          key={`${year}:${drill.groupBy}:${drill.group ?? ':unset'}`}
          year={year}
          drill={drill}
          label={groupLabel(drill.group)}
        />
      )}
      <h3>{t('admin.record.siasnTitle', { year })}</h3>
      <p>{t('admin.record.siasnIntro')}</p>
      <p class="admin-actions">
        {(['csv', 'xlsx', 'zip'] as const).map((format) => (
          <button
            key={format}
            type="button"
            onClick={run(() =>
              download(`/api/admin/exports/siasn?year=${year}&format=${format}`, `siasn-kursus-${year}.${format}`),
            )}
          >
            {t(`admin.record.siasn_${format}`)}
          </button>
        ))}
      </p>
      {/* An approval changes the year's JP, so the compliance figures above are asked for again. */}
      <ExternalQueue onFailure={setFailure} onDecided={report.reload} />
      <RevokeForm onFailure={setFailure} />
    </main>
  );
}

function People({ year, drill, label }: { year: number; drill: ComplianceDrill; label: string }) {
  const { t } = useT();
  const [pages, setPages] = useState<{ people: CompliancePerson[]; next: string | null } | null>(null);
  const first = useRemote(() => fetchCompliancePeople(year, drill, null), [year, drill]);
  const shown = pages ?? (first.data ? { people: first.data.people, next: first.data.next } : null);
  const more = async () => {
    if (shown?.next == null) return;
    const page = await fetchCompliancePeople(year, drill, shown.next);
    setPages({ people: [...shown.people, ...page.people], next: page.next });
  };
  return (
    <section>
      <h3>
        {drill.groupBy === 'opd'
          ? t('admin.record.peopleTitle', { opd: label })
          : t('admin.record.peopleTitle_jenis_jabatan', { group: label })}
      </h3>
      {first.error !== null && <p class="notice notice--error">{errorMessage(first.error)}</p>}
      {shown !== null && (
        <div class="admin-table__scroll">
          <table class="admin-table admin-table--figures">
            <thead>
              <tr>
                <th>NIP</th>
                <th>{t('admin.record.name')}</th>
                <th>{t('admin.record.jabatan')}</th>
                <th>JP</th>
              </tr>
            </thead>
            <tbody>
              {shown.people.map((person) => (
                <tr key={person.id} class={person.reached ? '' : 'admin-table__warn'}>
                  <td>{person.nip}</td>
                  <td>{person.name}</td>
                  <td>{person.jabatan}</td>
                  <td>{person.jp}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown?.next != null && (
        <button type="button" onClick={() => void more()}>
          {t('admin.record.more')}
        </button>
      )}
    </section>
  );
}

function ExternalQueue({ onFailure, onDecided }: { onFailure: (error: unknown) => void; onDecided: () => void }) {
  const { t } = useT();
  const pending = useRemote(() => fetchPendingExternal(), []);
  return (
    <section>
      <h3>{t('admin.record.externalTitle')}</h3>
      {pending.error !== null && <p class="notice notice--error">{errorMessage(pending.error)}</p>}
      {pending.data?.records.length === 0 && <p>{t('admin.record.externalNone')}</p>}
      <ul class="admin-list">
        {pending.data?.records.map((record) => (
          <ExternalItem
            key={record.id}
            record={record}
            onDone={() => {
              pending.reload();
              onDecided();
            }}
            onFailure={onFailure}
          />
        ))}
      </ul>
    </section>
  );
}

function ExternalItem({
  record,
  onDone,
  onFailure,
}: {
  record: AdminExternalRecord;
  onDone: () => void;
  onFailure: (error: unknown) => void;
}) {
  const { t, language } = useT();
  const [jp, setJp] = useState(record.claimedJp);
  const [reason, setReason] = useState('');
  const act = (decision: { approve: true; jp: number } | { approve: false; reason: string }) =>
    decideExternal(record.id, decision).then(onDone, (error: unknown) => {
      onFailure(error);
      // Another admin decided it first: the list drops it, the message says why.
      if (error instanceof RequestError && error.code === 'already_decided') onDone();
    });
  return (
    <li>
      <strong>{record.name}</strong> — {record.organiser} ({formatDay(record.startDate, language)} –{' '}
      {formatDay(record.endDate, language)})
      {record.alreadySubmitted && <p class="notice">{t('admin.record.alreadySubmitted')}</p>}
      <br />
      {record.userName} · NIP {record.nip} · {record.opd} · {t('admin.record.claimed', { count: record.claimedJp })}
      {record.certificateNumber !== '' && ` · ${record.certificateNumber}`}
      {record.fileType !== null && (
        <>
          {' '}
          <button
            type="button"
            class="link-button"
            onClick={() =>
              void download(`/api/admin/external-learning/${record.id}/file`, `sertifikat-${record.nip}`).catch(
                onFailure,
              )
            }
          >
            {t('admin.record.file')}
          </button>
          {record.fileType !== 'application/pdf' && (
            <RemotePhoto path={`/api/admin/external-learning/${record.id}/file`} alt={t('admin.record.file')} />
          )}
        </>
      )}
      <div class="admin-actions">
        <label>
          {t('admin.record.approveJp')}{' '}
          <input
            type="number"
            min={0}
            max={record.claimedJp}
            value={jp}
            onInput={(event) => setJp(Number(event.currentTarget.value))}
          />
        </label>{' '}
        <button type="button" onClick={() => void act({ approve: true, jp })}>
          {t('admin.record.approve')}
        </button>{' '}
        <label>
          {t('admin.record.refuseReasonLabel')}{' '}
          <input
            value={reason}
            maxLength={500}
            placeholder={t('admin.record.refuseReason')}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </label>{' '}
        <button type="button" disabled={reason.trim().length < 3} onClick={() => void act({ approve: false, reason })}>
          {t('admin.record.refuse')}
        </button>
      </div>
    </li>
  );
}

function RevokeForm({ onFailure }: { onFailure: (error: unknown) => void }) {
  const { t } = useT();
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  return (
    <form
      class="admin-form"
      onSubmit={(event) => {
        event.preventDefault();
        setDone(false);
        if (!confirm(t('admin.record.revokeConfirm', { code }))) return;
        revokeCertificate(code, reason).then(() => setDone(true), onFailure);
      }}
    >
      <h3>{t('admin.record.revokeTitle')}</h3>
      <label>
        {t('admin.record.revokeCode')}{' '}
        <input value={code} maxLength={20} required onInput={(event) => setCode(event.currentTarget.value)} />
      </label>{' '}
      <label>
        {t('admin.record.revokeReason')}{' '}
        <input
          value={reason}
          maxLength={500}
          required
          minLength={3}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
      </label>{' '}
      <button type="submit">{t('admin.record.revoke')}</button>
      {done && <p class="notice">{t('admin.record.revoked')}</p>}
    </form>
  );
}
