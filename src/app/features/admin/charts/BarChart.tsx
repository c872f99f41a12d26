import { useEffect, useRef } from 'preact/hooks';
import { axisLabel } from './axisLabel';

/**
 * The one way the admin screens draw a chart (chart.js, loaded on first use inside the admin
 * chunk, so learners never download it). A bar chart with a data table beside it: the table is
 * what screen readers and a printout get, and what shows when the canvas cannot draw.
 */
export interface BarSeries {
  label: string;
  values: readonly number[];
  color: string;
}

interface Props {
  /** Describes the chart for screen readers (the canvas's accessible name). */
  title: string;
  labels: readonly string[];
  series: readonly BarSeries[];
  /** The value axis's maximum (e.g. 100 for percentages); automatic when absent. */
  max?: number;
  horizontal?: boolean;
  /** How a value reads in the table (e.g. "45%"). */
  format?: (value: number) => string;
}

export function BarChart({ title, labels, series, max, horizontal = false, format = String }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    if (element === null || element.getContext('2d') === null) return;
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('chart.js').then(
      ({ Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip }) => {
        if (cancelled) return;
        Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
        const valueAxis = { beginAtZero: true, ...(max === undefined ? {} : { max }) };
        const categoryAxis = {
          ticks: {
            callback(this: { getLabelForValue(value: number): string }, value: number | string) {
              return axisLabel(this.getLabelForValue(Number(value)));
            },
          },
        };
        chart = new Chart(element, {
          type: 'bar',
          data: {
            labels: [...labels],
            datasets: series.map((entry) => ({
              label: entry.label,
              data: [...entry.values],
              backgroundColor: entry.color,
            })),
          },
          options: {
            indexAxis: horizontal ? 'y' : 'x',
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
            plugins: { legend: { display: series.length > 1 } },
          },
        });
      },
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [labels, series, max, horizontal]);

  return (
    <figure class="admin-chart">
      <div class="admin-chart__canvas" style={{ height: `${horizontal ? Math.max(160, labels.length * 28) : 220}px` }}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <details>
        <summary>{title}</summary>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col" />
              {series.map((entry) => (
                <th key={entry.label} scope="col">
                  {entry.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, index) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((entry) => (
                  <td key={entry.label} class="admin-table__number">
                    {format(entry.values[index] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
