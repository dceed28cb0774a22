// Timing for the in-process workloads: both engines run the same inputs in the same process, alternating
// within each repetition. The figure is
// per CPU-second of this process (process.cpuUsage), not per wall-clock second: the machine is shared,
// and time spent waiting for a CPU measures the neighbours. Wall-clock seconds are kept in the samples.

import { isDeepStrictEqual } from 'node:util';
import type { JsonValue } from '@stepwise/core';
import { median, type Figure, type Target } from './figures.ts';
import { peerEngine, stepwiseEngine, type InProcessEngine, type Runner } from './in-process.ts';
import { WrongResultError, type WorkloadOptions } from './workload.ts';

export interface InProcessCase {
  workload: string;
  definition: object;
  input: JsonValue;
  expected: JsonValue;
  /** Executions per timed run (the run's figure covers all of them). */
  executions: number;
  /** Turns the seconds a timed run took into the reported figure. */
  figure: { metric: string; better: 'higher' | 'lower'; of: (seconds: number) => number; target?: Target };
}

/** Runs `c` on both engines `options.repeats` times after one warm-up each; medians are reported. */
export async function compareInProcess(c: InProcessCase, options: WorkloadOptions): Promise<Figure> {
  const engines = [stepwiseEngine, peerEngine];
  const samples = { stepwise: [] as number[], peer: [] as number[], wallSeconds: [] as number[] };
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    for (const engine of engines) {
      // A machine compiled afresh for each repetition and warmed up on as many executions as are then
      // timed (compiling and warming are untimed): aws-local-stepfunctions' Map keeps every iteration's
      // abort function for the life of its machine, and that heap would slow both engines.
      const run = engine.prepare(c.definition);
      await timed(engine, run, c, c.executions);
      const { cpu, wall } = await timed(engine, run, c, c.executions);
      const value = c.figure.of(cpu);
      (engine === stepwiseEngine ? samples.stepwise : samples.peer).push(value);
      samples.wallSeconds.push(wall);
      options.log(`${c.workload} ${engine.name}: ${format(value)} ${c.figure.metric} (${wall.toFixed(2)} s wall)`);
    }
  }
  const figure: Figure = {
    workload: c.workload,
    metric: c.figure.metric,
    better: c.figure.better,
    stepwise: median(samples.stepwise),
    peer: median(samples.peer),
    samples,
  };
  if (c.figure.target !== undefined) figure.target = c.figure.target;
  return figure;
}

/** CPU and wall-clock seconds taken by `executions` runs; every output is then checked. */
async function timed(
  engine: InProcessEngine,
  run: Runner,
  c: InProcessCase,
  executions: number,
): Promise<{ cpu: number; wall: number }> {
  const outputs: JsonValue[] = [];
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let i = 0; i < executions; i++) outputs.push(await run(c.input));
  const cpuUsed = process.cpuUsage(cpuStarted);
  const wall = (performance.now() - started) / 1000;
  for (const output of outputs) {
    if (!isDeepStrictEqual(output, c.expected)) {
      throw new WrongResultError(engine.name, c.workload, `got ${JSON.stringify(output).slice(0, 200)}`);
    }
  }
  return { cpu: (cpuUsed.user + cpuUsed.system) / 1e6, wall };
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toString() : value.toPrecision(3);
}
