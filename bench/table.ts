/** The figures table: one row per measurement, goals judged on CPU time. */
import { formatMs, type Timing } from './measure.ts';

export interface Row {
  size: string;
  measure: string;
  /** Median wall-clock and CPU time, in milliseconds. */
  time: Timing;
  baseline?: { label: string; time: Timing };
  /** Median of paired CPU-time ratios against the baseline (see compare()). */
  ratio?: number;
  /** `ratio`: the ratio above; `ms`: CPU time itself. */
  goal?: { kind: 'ratio' | 'ms'; max: number; text: string };
  note?: string;
}

/** Within goal? CPU time decides: on a shared machine wall time also counts waiting for a core. */
export function withinGoal(row: Row): boolean | undefined {
  if (!row.goal) return undefined;
  const value = row.goal.kind === 'ratio' ? row.ratio! : row.time.cpuMs;
  return value <= row.goal.max;
}

export function formatTable(rows: Row[]): string {
  const header = [
    'size',
    'measure',
    'wall',
    'cpu',
    'baseline (wall / cpu)',
    'ratio',
    'goal',
    '',
    'note',
  ];
  const cells = rows.map((r) => {
    const ok = withinGoal(r);
    return [
      r.size,
      r.measure,
      formatMs(r.time.medianMs),
      formatMs(r.time.cpuMs),
      r.baseline
        ? `${r.baseline.label}: ${formatMs(r.baseline.time.medianMs)} / ${formatMs(r.baseline.time.cpuMs)}`
        : '',
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
      r.goal?.text ?? '',
      ok === undefined ? '' : ok ? 'ok' : 'OVER',
      r.note ?? '',
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const right = new Set([2, 3, 5]);
  const line = (row: string[]) =>
    row
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    '',
    'wall, cpu: medians. ratio: median of paired samples (baseline, measure, baseline, ...) of',
    'cpu / baseline cpu. Goals are judged on cpu time: the machine may be shared.',
  ].join('\n');
}
