import { useEffect, useState } from 'preact/hooks';
import { akpkApi, type AkpkPeriod, type AkpkSummary, type NeedRow } from '../../../../shared/protocol/akpk';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useAction } from '../../../hooks/useAction';
import { formatCount, formatDay } from '../../../components/format';
import { useT } from '../../../hooks/useT';
import { useSession } from '../../../stores/session';
import { BarChart } from '../charts/BarChart';
import { download } from '../record/api';
import { useRemote } from '../useRemote';
import { fetchPeriods, fetchSummary } from './api';
import { OpenPeriodForm } from './OpenPeriodForm';
import { Validations } from './Validations';

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 1000) / 10}%`);

/**
 * Analisis Kebutuhan Pengembangan Kompetensi from the admin's side: open a survey period
 * (BKPSDM), then per period and OPD the needs (who has a gap, mean gap, priority score), the
 * top 10 with a chart, the response rate and who has not answered, the answers the admin
 * validates (people without an atasan) and the "Rencana Pengembangan Kompetensi" XLSX. An OPD
 * admin sees their own OPD: the server scopes every answer.
 */
export default function AkpkScreen() {
  const { t, language } = useT();
  const isBkpsdm = useSession((state) => state.user?.role === 'admin');
  const [opening, setOpening] = useState(false);
  const [periodId, setPeriodId] = useState<string | null>(null);
  const periods = useRemote(fetchPeriods, []);
  const list = periods.data?.periods ?? [];
  const period = list.find((entry) => entry.id === periodId) ?? list[0];

  return (
    <main class="akpk">
      <h1>{t('akpk.title')}</h1>
      <p>{t('akpk.intro')}</p>
      {periods.error !== null && <ErrorNotice error={periods.error} />}
      {isBkpsdm && !opening && (
        <button type="button" class="button" onClick={() => setOpening(true)}>
          {t('akpk.open.start')}
        </button>
      )}
      {opening && (
        <OpenPeriodForm
          onOpened={(id) => {
            setOpening(false);
            setPeriodId(id);
            periods.reload();
          }}
        />
      )}
      {periods.data === undefined ? (
        <p class="loading">{t('app.loading')}</p>
      ) : period === undefined ? (
        <p>{t('akpk.noPeriod')}</p>
      ) : (
        <>
          <label>
            {t('akpk.period')}{' '}
            <select
              aria-label={t('akpk.period')}
              value={period.id}
              onChange={(event) => setPeriodId(event.currentTarget.value)}
            >
              {list.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {t('akpk.periodLabel', {
                    year: entry.year,
                    startsOn: formatDay(entry.startsOn, language),
                    endsOn: formatDay(entry.endsOn, language),
                  })}
                </option>
              ))}
            </select>
          </label>
          <PeriodReport key={period.id} period={period} />
        </>
      )}
    </main>
  );
}

function PeriodReport({ period }: { period: AkpkPeriod }) {
  const { t, language } = useT();
  const [opd, setOpd] = useState('');
  // The OPDs to choose from: those of the unfiltered summary, kept while one is chosen.
  const [opds, setOpds] = useState<readonly string[]>([]);
  const summary = useRemote(() => fetchSummary(period.id, opd), [period.id, opd]);
  useEffect(() => {
    if (opd === '' && summary.data) setOpds(summary.data.responseRates.map((rate) => rate.opd));
  }, [opd, summary.data]);
  const exportPlan = useAction(() =>
    download(akpkApi.plan(period.id, opd), `rencana-pengembangan-kompetensi-${period.year}.xlsx`),
  );

  return (
    <section
      aria-label={t('akpk.periodLabel', {
        year: period.year,
        startsOn: formatDay(period.startsOn, language),
        endsOn: formatDay(period.endsOn, language),
      })}
    >
      <p class="hint">{t('akpk.competencyCount', { count: period.competencies.length })}</p>
      {opds.length > 1 && (
        <label>
          {t('akpk.opd')}{' '}
          <select aria-label={t('akpk.opd')} value={opd} onChange={(event) => setOpd(event.currentTarget.value)}>
            <option value="">{t('akpk.allOpd')}</option>
            {opds.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" class="button" disabled={exportPlan.busy} onClick={() => exportPlan.run()}>
        {t('akpk.exportPlan')}
      </button>
      {exportPlan.error !== null && <ErrorNotice error={exportPlan.error} />}
      {summary.error !== null && <ErrorNotice error={summary.error} />}
      {summary.data === undefined ? <p class="loading">{t('app.loading')}</p> : <SummaryView summary={summary.data} />}
      <Validations periodId={period.id} onValidated={summary.reload} />
    </section>
  );
}

function SummaryView({ summary }: { summary: AkpkSummary }) {
  const { t, language } = useT();
  const twoDecimals = (value: number) => formatCount(Math.round(value * 100) / 100, language);
  const label = (row: NeedRow) => `${row.name} — ${row.opd}`;
  return (
    <>
      <h2>{t('akpk.responseTitle')}</h2>
      <div class="admin-table__scroll">
        <table class="admin-table">
          <thead>
            <tr>
              <th>{t('akpk.columns.opd')}</th>
              <th>{t('akpk.columns.active')}</th>
              <th>{t('akpk.columns.answered')}</th>
              <th>{t('akpk.columns.responseRate')}</th>
              <th>{t('akpk.columns.approved')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.responseRates.map((rate) => (
              <tr key={rate.opd}>
                <td>{rate.opd}</td>
                <td>{rate.active}</td>
                <td>{rate.answered}</td>
                <td>{percent(rate.answered, rate.active)}</td>
                <td>{rate.approved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('akpk.topTitle')}</h2>
      {summary.top.length === 0 ? (
        <p>{t('akpk.noNeeds')}</p>
      ) : (
        <BarChart
          title={t('akpk.topTitle')}
          labels={summary.top.map(label)}
          series={[
            {
              label: t('akpk.columns.priorityScore'),
              values: summary.top.map((row) => row.priorityScore),
              color: '#b4531f',
            },
          ]}
          horizontal
        />
      )}

      <h2>{t('akpk.needsTitle')}</h2>
      <p class="hint">{t('akpk.formula')}</p>
      <div class="admin-table__scroll">
        <table class="admin-table akpk-needs">
          <thead>
            <tr>
              <th>{t('akpk.columns.opd')}</th>
              <th>{t('akpk.columns.competency')}</th>
              <th>{t('akpk.columns.respondents')}</th>
              <th>{t('akpk.columns.withGap')}</th>
              <th>{t('akpk.columns.meanGap')}</th>
              <th>{t('akpk.columns.priorityScore')}</th>
            </tr>
          </thead>
          <tbody>
            {[...summary.rows]
              .sort((a, b) => a.opd.localeCompare(b.opd) || b.priorityScore - a.priorityScore)
              .map((row) => (
                <tr key={`${row.opd}\u0000${row.competency}`}>
                  <td>{row.opd}</td>
                  <td>
                    {row.name} <small>({row.competency})</small>
                  </td>
                  <td>{row.respondents}</td>
                  <td>{row.withGap}</td>
                  <td>{twoDecimals(row.meanGap)}</td>
                  <td>{row.priorityScore}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>

      <h2>{t('akpk.notAnsweredTitle', { count: summary.notAnswered.length })}</h2>
      {summary.notAnswered.length === 0 ? (
        <p>{t('akpk.everyoneAnswered')}</p>
      ) : (
        <ul class="akpk-people">
          {summary.notAnswered.map((person) => (
            <li key={person.nip}>
              {person.name} — {person.nip} <small>({person.opd})</small>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
