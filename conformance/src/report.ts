// Renders a run report as text: pass rates overall, by kind, category and feature, skips and first differences.
import type { CaseOutcome, Report, Tally } from './runner.ts';

function rate(t: Tally): string {
  const run = t.total - t.skipped;
  const pct = run === 0 ? '   -  ' : `${((100 * t.passed) / run).toFixed(1).padStart(5)}%`;
  return `${pct}  ${String(t.passed).padStart(4)}/${String(run).padEnd(4)} run, ${String(t.skipped).padStart(4)} skipped`;
}

function table(title: string, groups: Record<string, Tally>, width: number): string[] {
  const rows = Object.entries(groups).sort(([a], [b]) => (a < b ? -1 : 1));
  return [title, ...rows.map(([k, t]) => `  ${k.padEnd(width)} ${rate(t)}`)];
}

function clip(value: unknown, max = 120): string {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function describeFailure(o: CaseOutcome): string {
  if (!o.mismatch) return `✗ ${o.id}: ${o.reason ?? 'failed'}`;
  const d = o.mismatch.difference;
  return [
    `✗ ${o.id}: ${o.mismatch.part}${d.pointer}`,
    `    expected ${clip(d.expected)}`,
    `    actual   ${clip(d.actual)}`,
  ].join('\n');
}

export interface FormatOptions {
  /** List every failure (default: the first 25) and every feature. */
  verbose?: boolean;
}

export function formatReport(report: Report, options: FormatOptions = {}): string {
  const limit = options.verbose ? Infinity : 25;
  const failures = report.outcomes.filter((o) => o.status === 'failed');
  const features = Object.fromEntries(
    Object.entries(report.byFeature).filter(([, t]) => options.verbose || t.failed > 0 || t.passed > 0),
  );
  const skips = Object.entries(report.skippedByReason).sort(([, a], [, b]) => b - a);
  const lines = [
    `conformance: target ${report.target}, ${String(report.totals.total)} cases in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  overall ${rate(report.totals)}, ${String(report.totals.failed)} failed`,
    ...table('by kind', report.byKind, 20),
    ...table('by category', report.byCategory, 20),
    ...table('by feature', features, 44),
    'skipped by reason',
    ...skips.map(([reason, n]) => `  ${String(n).padStart(5)}  ${reason}`),
    `failures (${String(failures.length)})`,
    ...failures.slice(0, limit).map(describeFailure),
  ];
  if (failures.length > limit) lines.push(`  … ${String(failures.length - limit)} more (--verbose lists all)`);
  return lines.join('\n');
}
