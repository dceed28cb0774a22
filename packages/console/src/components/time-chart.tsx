// A chart drawn with uPlot (small, fast, canvas, no dependencies): time series on a shared time axis, or
// bars over named categories. The chart is rebuilt when its data changes and resized with its box.

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
  /** How values are drawn: a line through points (default), steps (counts per bucket) or bars. */
  shape?: 'line' | 'steps' | 'bars';
}

const height = 220;

export function TimeChart(props: { times: number[]; series: Series[]; unit: string; testId: string }) {
  const options = (width: number): uPlot.Options => ({
    width,
    height,
    scales: { x: { time: true } },
    axes: [{}, { label: props.unit, size: 60 }],
    series: [{}, ...props.series.map(seriesOptions)],
  });
  const data: uPlot.AlignedData = [props.times.map((t) => t / 1000), ...props.series.map((s) => s.values)];
  return <Chart options={options} data={data} testId={props.testId} />;
}

/** Bars over categories (the x axis names them instead of giving times). */
export function CategoryChart(props: { labels: string[]; series: Series; unit: string; testId: string }) {
  const { labels } = props;
  const options = (width: number): uPlot.Options => ({
    width,
    height,
    scales: { x: { time: false, range: [-0.5, Math.max(labels.length - 0.5, 0.5)] } },
    axes: [
      { values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')), incrs: [1] },
      { label: props.unit, size: 60 },
    ],
    series: [
      { label: 'Failure', value: (_u, i) => labels[i] ?? '' },
      seriesOptions({ ...props.series, shape: 'bars' }),
    ],
  });
  const data: uPlot.AlignedData = [labels.map((_, i) => i), props.series.values];
  return <Chart options={options} data={data} testId={props.testId} />;
}

function seriesOptions(series: Series): uPlot.Series {
  const base = { label: series.label, stroke: series.color, width: 2 };
  switch (series.shape ?? 'line') {
    case 'bars':
      return {
        ...base,
        fill: `${series.color}99`,
        paths: uPlot.paths.bars?.({ size: [0.6, 64] }),
        points: { show: false },
      };
    case 'steps':
      return { ...base, paths: uPlot.paths.stepped?.({ align: 1 }), points: { show: false } };
    case 'line':
      // Points too: a quantile known in one bucket only has no neighbour to draw a line to.
      return { ...base, spanGaps: false, points: { show: true, size: 6, fill: series.color } };
  }
}

function Chart(props: { options: (width: number) => uPlot.Options; data: uPlot.AlignedData; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null) return undefined;
    const chart = new uPlot(props.options(element.clientWidth || 600), props.data, element);
    const observer = new ResizeObserver(() => {
      chart.setSize({ width: element.clientWidth || 600, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [props.data, props.options]);
  return <div class="chart" ref={box} data-testid={props.testId} />;
}
