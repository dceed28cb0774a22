// The one table `npm run bench` prints: workload, metric, Stepwise, peer, ratio, target, met?

import { ratioOf, targetMet, type Figure, type Target } from './figures.ts';

export function renderTable(figures: readonly Figure[]): string {
  const header = ['workload', 'metric', 'stepwise', 'peer', 'ratio', 'target', 'met?'];
  const rows = figures.map((f) => [
    f.workload,
    f.metric,
    f.stepwise === undefined ? (f.note ?? 'n/a') : formatNumber(f.stepwise),
    f.peer === undefined ? '-' : formatNumber(f.peer),
    ratioText(f),
    f.target === undefined ? '-' : targetText(f.target, f.metric),
    metText(targetMet(f), f.target),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function ratioText(figure: Figure): string {
  const ratio = ratioOf(figure);
  return ratio === undefined ? '-' : `${ratio.toFixed(1)}x`;
}

function targetText(target: Target, metric: string): string {
  switch (target.kind) {
    case 'ratio':
      return `>= ${target.atLeast}x`;
    case 'atLeast':
      return `>= ${formatNumber(target.value)}`;
    case 'atMost':
      return `<= ${formatNumber(target.value)}${metric.startsWith('ms') ? ' ms' : ''}`;
  }
}

function metText(met: boolean | undefined, target: Target | undefined): string {
  if (target === undefined) return '-';
  if (met === undefined) return 'n/a';
  return met ? 'yes' : 'NO';
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
