import { useMemo, useState } from 'preact/hooks';
import { MIN_DIFFICULTY_RATINGS } from '../../../../shared/difficulty-ratings';
import { pickLanguage } from '../../../../shared/language';
import type { CourseAnalysis } from '../../../../shared/protocol/analysis';
import { JENIS_JABATAN } from '../../../../shared/roster';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../hooks/useT';
import { fetchCourseAnalysis, fetchCourseReports } from '../api';
import { BarChart } from '../charts/BarChart';
import { useRemote } from '../useRemote';
import { CommentsSection } from './CommentsSection';

const PRE_COLOR = '#94a3b8';
const POST_COLOR = '#0f766e';
/** Score bins of the distributions: 0–9, 10–19, …, 90–100. */
const BINS = 10;

/**
 * "Analisis": does the course teach, are its items good, how did learners find it. Learning
 * gain (level 2), item analysis and the reaction index (level 1), for one course, over the
 * learners this admin manages, optionally one OPD or jenis jabatan.
 */
export default function AnalysisScreen() {
  const { t, language } = useT();
  // The published courses, from the reports every admin (OPD admins too) may read.
  const courses = useRemote(fetchCourseReports, []);
  const [chosen, setChosen] = useState<string | null>(null);
  const [opd, setOpd] = useState('');
  const [jenisJabatan, setJenisJabatan] = useState('');
  const courseId = chosen ?? courses.data?.courses[0]?.courseId ?? null;
  const analysis = useRemote(
    () => (courseId === null ? Promise.resolve(null) : fetchCourseAnalysis(courseId, { opd, jenisJabatan })),
    [courseId, opd, jenisJabatan],
  );

  return (
    <main class="admin__main admin-analysis">
      <h1>{t('admin.analysis.title')}</h1>
      <div class="admin-filters">
        <label class="admin-filter">
          {t('admin.results.course')}
          <select value={courseId ?? ''} onChange={(event) => setChosen(event.currentTarget.value || null)}>
            {courses.data?.courses.map((course) => (
              <option key={course.courseId} value={course.courseId}>
                {pickLanguage(course.title, language)}
              </option>
            ))}
          </select>
        </label>
        <label class="admin-filter">
          {t('admin.analysis.opd')}
          <input
            type="search"
            maxLength={200}
            value={opd}
            placeholder={t('admin.analysis.allOpd')}
            onChange={(event) => setOpd(event.currentTarget.value.trim())}
          />
        </label>
        <label class="admin-filter">
          {t('admin.analysis.jenisJabatan')}
          <select value={jenisJabatan} onChange={(event) => setJenisJabatan(event.currentTarget.value)}>
            <option value="">{t('admin.analysis.allJabatan')}</option>
            {JENIS_JABATAN.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      </div>
      {[courses.error, analysis.error].map((error, index) =>
        error ? <ErrorNotice key={index} error={error} /> : null,
      )}
      {courseId === null && courses.data && <p>{t('admin.analysis.noCourses')}</p>}
      {analysis.data === undefined && courseId !== null && !analysis.error && <p class="loading">{t('app.loading')}</p>}
      {analysis.data && <Analysis analysis={analysis.data} />}
      {courseId !== null && <CommentsSection key={courseId} courseId={courseId} />}
    </main>
  );
}

function Analysis({ analysis }: { analysis: CourseAnalysis }) {
  const { t, language } = useT();
  const number = (value: number, digits = 1): string =>
    value.toLocaleString(language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits });
  const points = (scaled: number | null): string => (scaled === null ? '–' : number(scaled * 100));
  const percent = (share: number | null): string => (share === null ? '–' : `${number(share * 100, 0)}%`);
  const { gain, reaction } = analysis;
  const binLabels = useMemo(
    () => Array.from({ length: BINS }, (_, bin) => (bin === BINS - 1 ? '90–100' : `${bin * 10}–${bin * 10 + 9}`)),
    [],
  );
  const distribution = useMemo(
    () => [
      { label: t('admin.analysis.pre'), values: histogram(analysis.preScores), color: PRE_COLOR },
      { label: t('admin.analysis.post'), values: histogram(analysis.postScores), color: POST_COLOR },
    ],
    [analysis, t],
  );
  const numbered = analysis.items.map((item, index, all) => ({
    ...item,
    number: all.slice(0, index + 1).filter((other) => other.kind === item.kind).length,
  }));
  const itemLabel = (item: (typeof numbered)[number]) =>
    `${item.kind === 'pre' ? t('admin.analysis.pre') : t('admin.analysis.post')} ${item.number}`;
  const difficulty = useMemo(
    () => [
      {
        label: t('admin.analysis.difficulty'),
        values: numbered.map((item) => Math.round(item.difficulty * 100)),
        color: POST_COLOR,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `numbered` is derived from `analysis`
    [analysis, t],
  );
  const reactionSeries = useMemo(
    () => [{ label: t('admin.analysis.itemMean'), values: reaction.items.map((item) => item.mean), color: POST_COLOR }],
    [reaction, t],
  );

  return (
    <>
      <section class="admin-report" data-section="gain">
        <h2>{t('admin.analysis.gainTitle')}</h2>
        <p class="hint">{t('admin.analysis.counts')}</p>
        <dl class="admin-report__figures">
          <Figure label={t('admin.analysis.learners')} value={number(gain.learners, 0)} />
          <Figure
            label={t('admin.analysis.meanPrePost')}
            value={`${points(gain.meanPre)} → ${points(gain.meanPost)}`}
          />
          <Figure
            label={t('admin.analysis.meanGain')}
            value={gain.meanGain === null ? '–' : `${gain.meanGain >= 0 ? '+' : ''}${points(gain.meanGain)}`}
          />
          <Figure
            label={t('admin.analysis.normalizedGain')}
            value={gain.meanNormalizedGain === null ? '–' : number(gain.meanNormalizedGain, 2)}
            detail={t('admin.analysis.gainLearners', { count: gain.gainLearners })}
          />
          <Figure
            label={t('admin.analysis.bands')}
            value={`${percent(gain.bands.high)} · ${percent(gain.bands.medium)} · ${percent(gain.bands.low)}`}
            detail={t('admin.analysis.bandsDetail')}
          />
        </dl>
        <BarChart
          title={t('admin.analysis.distributionTitle')}
          labels={binLabels}
          series={distribution}
          format={(value) => number(value, 0)}
        />
      </section>

      <section class="admin-report" data-section="items">
        <h2>{t('admin.analysis.itemsTitle')}</h2>
        <p class="hint">{t('admin.analysis.itemsHint')}</p>
        {numbered.length > 0 && (
          <BarChart
            title={t('admin.analysis.difficultyTitle')}
            labels={numbered.map(itemLabel)}
            series={difficulty}
            max={100}
            horizontal
            format={(value) => `${value}%`}
          />
        )}
        <div class="admin-table__scroll">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.analysis.item')}</th>
                <th scope="col">{t('admin.analysis.prompt')}</th>
                <th scope="col">{t('admin.analysis.answered')}</th>
                <th scope="col">{t('admin.analysis.difficulty')}</th>
                <th scope="col">{t('admin.analysis.discrimination')}</th>
                <th scope="col">{t('admin.analysis.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {numbered.map((item) => (
                <tr
                  key={`${item.kind}/${item.questionId}`}
                  data-item={`${item.kind}/${item.questionId}`}
                  class={item.flag ? 'admin-table__row--flagged' : undefined}
                >
                  <th scope="row">{itemLabel(item)}</th>
                  <td>{item.prompt ? pickLanguage(item.prompt, language) : item.questionId}</td>
                  <td class="admin-table__number">{item.answered}</td>
                  <td class="admin-table__number">{percent(item.difficulty)}</td>
                  <td class="admin-table__number">
                    {item.discrimination === null ? '–' : number(item.discrimination, 2)}
                  </td>
                  <td>{item.flag ? t(`admin.analysis.flags.${item.flag}`) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="admin-report" data-section="reaction">
        <h2>{t('admin.analysis.reactionTitle')}</h2>
        <dl class="admin-report__figures">
          <Figure
            label={t('admin.analysis.l1Index')}
            value={reaction.index === null ? '–' : number(reaction.index, 2)}
            detail={reaction.predicate ?? undefined}
          />
          <Figure
            label={t('admin.analysis.tooDifficult')}
            value={percent(reaction.difficulty.tooDifficultShare)}
            detail={t('admin.analysis.difficultyRatings', { count: reaction.difficulty.ratings })}
          />
        </dl>
        {reaction.difficulty.flagged && <p class="notice notice--warning">{t('admin.analysis.tooDifficultFlag')}</p>}
        {reaction.difficulty.ratings > 0 && reaction.difficulty.ratings < MIN_DIFFICULTY_RATINGS && (
          <p class="hint">
            {t('admin.report.tooFewRatings', { count: reaction.difficulty.ratings, min: MIN_DIFFICULTY_RATINGS })}
          </p>
        )}
        <p class="hint">{t('admin.analysis.l1Hint')}</p>
        {reaction.items.length > 0 && (
          <BarChart
            title={t('admin.analysis.reactionChart')}
            labels={reaction.items.map((item) => t(`admin.analysis.l1Items.${item.item}`))}
            series={reactionSeries}
            max={5}
            horizontal
            format={(value) => number(value, 2)}
          />
        )}
      </section>
    </>
  );
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: string | undefined }) {
  return (
    <div class="admin-report__figure">
      <dt>{label}</dt>
      <dd>
        {value}
        {detail && <span class="hint"> {detail}</span>}
      </dd>
    </div>
  );
}

/** Learners per score bin of ten points (100 in the last). */
function histogram(scores: readonly number[]): number[] {
  const counts = Array.from({ length: BINS }, () => 0);
  for (const score of scores) {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(score * BINS)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}
