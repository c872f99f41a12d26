import type { BundleProblem } from '../../../../shared/protocol/bundles';
import { useT } from '../../../hooks/useT';

/**
 * Why the server refused a bundle: per problem, what it means in plain Bahasa Indonesia, the
 * file it is about, and the server's English detail for the author who built the bundle.
 */
export function BundleProblems({ problems }: { problems: BundleProblem[] }) {
  const { t } = useT();
  return (
    <div class="notice notice--error admin-problems" role="alert">
      <p>
        <strong>{t('admin.upload.rejected', { count: problems.length })}</strong>
      </p>
      <p>{t('admin.upload.nothingChanged')}</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index} data-code={problem.code} data-reason={problem.reason}>
            <span>
              {problem.reason
                ? t(`svgProblems.${problem.reason}`)
                : t(`admin.problems.${problem.code}`, { defaultValue: t('admin.problems.unknown') })}
            </span>
            {problem.path && <code>{problem.path}</code>}
            <small lang="en">{problem.message}</small>
          </li>
        ))}
      </ul>
    </div>
  );
}
