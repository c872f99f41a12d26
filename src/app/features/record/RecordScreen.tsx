import { formatCertificateCode } from '../../../shared/certificate';
import { DEFAULT_TIME_ZONE } from '../../../shared/ledger';
import { formatDateTime } from '../../components/format';
import { Link } from '../../components/Link';
import type { StoredCertificate } from '../../data/db';
import { cycleState } from '../../data/cycle';
import { awaitedCertificates, catalogTitles, localCompletions } from '../../data/record';
import { readRecordSnapshot } from '../../data/stored-shapes';
import { usePdfUrl } from '../../hooks/usePdfUrl';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { CERTIFICATE_WAITS_FOR } from './certificateWaits';
import { formatLedgerDate } from './format';
import { ExternalLearningSection } from './ExternalLearningSection';
import { JpSummary } from './JpCard';

/** "Catatan belajar": this year's JP, earlier years, and "Sertifikat saya" (PDFs that open offline). */
export default function RecordScreen() {
  const { t, language } = useT();
  const db = useDb();
  const data = useLiveQuery(
    async () => ({
      snapshot: await readRecordSnapshot(db),
      certificates: await db.certificates.toArray(),
      local: await localCompletions(db, language),
      titles: await catalogTitles(db, language),
      actionPlanRequired: (await cycleState(db)).settings.actionPlanRequired,
      planned: new Set((await db.actionPlans.toArray()).map((plan) => plan.body.courseId)),
    }),
    [db, language],
  );
  if (data === undefined) return <p class="loading">{t('app.loading')}</p>;
  const { snapshot, certificates, local, titles, actionPlanRequired, planned } = data;
  const thisYear = new Set(snapshot?.entries.map((entry) => entry.year));
  const years = [...thisYear].sort((a, b) => b - a);
  const certified = new Set(certificates.map((certificate) => certificate.courseId));
  const awaiting = awaitedCertificates(snapshot, local, certified, planned, actionPlanRequired);
  return (
    <main class="record">
      <h1>{t('record.screenTitle')}</h1>
      <JpSummary showLink={false} />
      <p class="muted">
        {snapshot === null
          ? t('record.neverUpdated')
          : t('record.lastUpdated', { when: formatDateTime(snapshot.fetchedAt, language) })}
      </p>
      {years.length > 1 && (
        <section>
          <h2>{t('record.otherYears')}</h2>
          <ul>
            {years.map((year) => (
              <li key={year}>
                {t('record.yearLine', {
                  year,
                  jp: (snapshot?.entries ?? [])
                    .filter((entry) => entry.year === year)
                    .reduce((sum, entry) => sum + entry.jp, 0),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ExternalLearningSection decisions={snapshot?.external ?? []} />
      <section aria-labelledby="certificates-title">
        <h2 id="certificates-title">{t('record.certificates')}</h2>
        {certificates.length === 0 && awaiting.length === 0 && <p>{t('record.certificatesEmpty')}</p>}
        <ul class="certificate-list">
          {certificates.map((certificate) => (
            <CertificateItem
              key={certificate.code}
              certificate={certificate}
              timeZone={snapshot?.timeZone ?? DEFAULT_TIME_ZONE}
            />
          ))}
          {awaiting.map((completion) => (
            <li key={completion.courseId} class="certificate certificate--pending">
              <strong>{titles.get(completion.courseId) ?? completion.title}</strong>
              {completion.waitsFor === 'plan' ? (
                <p>
                  {t('record.certificateNeedsPlan')}{' '}
                  <Link to={{ name: 'plan', courseId: completion.courseId }}>{t('record.writePlan')}</Link>
                </p>
              ) : (
                <p>{t(CERTIFICATE_WAITS_FOR[completion.waitsFor])}</p>
              )}
            </li>
          ))}
        </ul>
        <p>
          <Link class="target-link" to={{ name: 'verify', code: null }}>
            {t('record.verifyLink')}
          </Link>
        </p>
      </section>
    </main>
  );
}

function CertificateItem({ certificate, timeZone }: { certificate: StoredCertificate; timeZone: string }) {
  const { t, language } = useT();
  const url = usePdfUrl(certificate.pdf, `${certificate.code}:${certificate.pdf?.size ?? 0}`);
  const { payload } = certificate;
  const fileName = `sertifikat-${payload.kode}.pdf`;
  const share = async (): Promise<void> => {
    if (certificate.pdf === null) return;
    const file = new File([certificate.pdf], fileName, { type: 'application/pdf' });
    await navigator.share({ files: [file], title: payload.pelatihan }).catch(() => undefined);
  };
  const canShare =
    certificate.pdf !== null &&
    typeof navigator.canShare === 'function' &&
    navigator.canShare({ files: [new File([], fileName, { type: 'application/pdf' })] });
  return (
    <li class="certificate">
      <strong>{payload.pelatihan}</strong>{' '}
      {certificate.revokedAt !== null && <span class="badge">{t('record.revoked')}</span>}
      <p>
        {t('record.certificateNumber', { number: payload.nomor })} · {t('record.itemJp', { count: payload.jp })} ·{' '}
        {formatLedgerDate(payload.selesai, language, timeZone)}
      </p>
      <p class="muted">{t('record.certificateCode', { code: formatCertificateCode(payload.kode) })}</p>
      {url === undefined ? (
        <p class="muted">{t('record.pdfMissing')}</p>
      ) : (
        <p class="certificate__actions">
          <a class="button" href={url} target="_blank" rel="noopener">
            {t('record.openPdf')}
          </a>
          {canShare && (
            <button type="button" class="button" onClick={() => void share()}>
              {t('record.sharePdf')}
            </button>
          )}
        </p>
      )}
    </li>
  );
}
