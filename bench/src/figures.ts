// What a workload reports: one figure per metric, with the peer's figure on the same inputs when a peer
// runs it, and the target it is held to. Ratios read "times better than the peer" whichever way the
// metric points.

/** A target is a ratio to the peer, a floor or a ceiling on Stepwise's own figure. */
export type Target =
  { kind: 'ratio'; atLeast: number } | { kind: 'atLeast'; value: number } | { kind: 'atMost'; value: number };

export interface Figure {
  workload: string;
  metric: string;
  /** 'higher' for rates, 'lower' for times and sizes. */
  better: 'higher' | 'lower';
  /** Undefined when the workload could not run (see `note`). */
  stepwise?: number;
  peer?: number;
  target?: Target;
  /** Why a figure is missing, or what it was measured on. */
  note?: string;
  /** Every repetition's figures, the reported ones being their medians. */
  samples?: { stepwise: number[]; peer?: number[]; wallSeconds?: number[] };
}

/** How many times better Stepwise is than the peer (above 1: better). */
export function ratioOf(figure: Figure): number | undefined {
  const { stepwise, peer } = figure;
  if (stepwise === undefined || peer === undefined || stepwise === 0 || peer === 0) return undefined;
  return figure.better === 'higher' ? stepwise / peer : peer / stepwise;
}

/** Whether the figure meets its target; undefined when there is no target or no figure. */
export function targetMet(figure: Figure): boolean | undefined {
  const target = figure.target;
  if (target === undefined || figure.stepwise === undefined) return undefined;
  switch (target.kind) {
    case 'ratio': {
      const ratio = ratioOf(figure);
      return ratio === undefined ? undefined : ratio >= target.atLeast;
    }
    case 'atLeast':
      return figure.stepwise >= target.value;
    case 'atMost':
      return figure.stepwise <= target.value;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
