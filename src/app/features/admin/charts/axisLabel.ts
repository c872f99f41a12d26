/** Longest category label a chart axis shows whole; a phone's 360 px leaves no more beside the bars. */
export const AXIS_LABEL_MAX = 24;

/**
 * A category label as the axis shows it: a long OPD or course name cut at a word with "…", so
 * it is never clipped at the canvas edge ("ngan Sumber Daya Manusia"). The tooltip and the data
 * table below the chart keep the full name.
 */
export function axisLabel(label: string, max = AXIS_LABEL_MAX): string {
  if (label.length <= max) return label;
  const cut = label.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
