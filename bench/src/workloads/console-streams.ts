// console-streams: what open console pages cost an idle server. 60 live streams of the machines page over
// 2,000 machines, CPU per second of the server's process, with the stream polling every machine (as
// before issue 14's point 8) and fed by the runtime's change signals, alternating in one run. In process:
// the server's API, console stream and an SQLite store, and the 60 browsers as fetch streams.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApiServer, createConsoleHandler, createStepwise, openSqliteStore, systemClock } from 'stepwise';
import { median, type Figure } from '../figures.ts';
import type { Workload, WorkloadOptions } from '../workload.ts';

type Stepwise = ReturnType<typeof createStepwise>;
type Mode = 'polling' | 'signals';

const log = pino({ level: 'silent' });
const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });

export const consoleStreams: Workload = {
  name: 'console-streams',
  run: async (options) => {
    const full = options.size === 'full';
    const sizes = { machines: full ? 2_000 : 5, streams: full ? 60 : 2, seconds: full ? 5 : 0.3 };
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-streams-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const store = openSqliteStore({ file: join(dir, 'stepwise.sqlite') });
    const stepwise = createStepwise({
      store,
      clock: systemClock,
      tasks: { execute: () => Promise.reject(new Error('none')) },
    });
    try {
      for (let i = 0; i < sizes.machines; i++) await createMachine(stepwise, `m${String(i)}`);
      const samples: Record<Mode, number[]> = { polling: [], signals: [] };
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        for (const mode of ['polling', 'signals'] as const) {
          const cpu = await streamsCpu(stepwise, dir, mode, sizes);
          samples[mode].push(cpu);
          options.log(`console-streams: ${mode} ${(cpu * 100).toFixed(1)} % of a CPU`);
        }
      }
      return figures(samples, sizes, options);
    } finally {
      await stepwise.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function createMachine(stepwise: Stepwise, name: string): Promise<void> {
  const body = { name, definition, roleArn: 'arn:aws:iam::123456789012:role/r' };
  await stepwise.api.call('CreateStateMachine', body, { requestId: name });
}

/** The server's CPU-seconds per second while `streams` machine pages stay open on an idle server. */
async function streamsCpu(
  stepwise: Stepwise,
  dir: string,
  mode: Mode,
  sizes: { streams: number; seconds: number },
): Promise<number> {
  const changes = mode === 'signals' ? { changes: stepwise.runtime.standard.signals } : {};
  const api = countingCalls(stepwise.api);
  const consoleHandler = createConsoleHandler({ api, log, distDir: dir, ...changes });
  const server = createApiServer({ api, log, console: consoleHandler });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/console/api/stream?machines`;
  const controller = new AbortController();
  try {
    const responses = await Promise.all(
      Array.from({ length: sizes.streams }, () => fetch(url, { signal: controller.signal })),
    );
    // Each stream's first look reads what it shows; the figure is the steady state after it.
    await pause(1_000);
    const started = process.cpuUsage();
    const startedAt = performance.now();
    await pause(sizes.seconds * 1000);
    const used = process.cpuUsage(started);
    for (const response of responses) void response.body?.cancel().catch(() => undefined);
    return (used.user + used.system) / 1e6 / ((performance.now() - startedAt) / 1000);
  } finally {
    controller.abort();
    consoleHandler.close();
    await new Promise((resolve) => server.close(resolve));
    // A look in progress when its stream closed runs to its end: the next mode is measured without it.
    await api.quiet();
  }
}

/** The API with a count of calls in progress, and a wait until there are none. */
function countingCalls(api: Stepwise['api']): Stepwise['api'] & { quiet: () => Promise<void> } {
  let inFlight = 0;
  return {
    call: async (operation, body, ctx) => {
      inFlight += 1;
      try {
        return await api.call(operation, body, ctx);
      } finally {
        inFlight -= 1;
      }
    },
    quiet: async () => {
      for (let waited = 0; inFlight > 0 && waited < 120_000; waited += 100) await pause(100);
    },
  };
}

function pause(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

function figures(
  samples: Record<Mode, number[]>,
  sizes: { machines: number; streams: number },
  options: WorkloadOptions,
): Figure[] {
  const note = `${String(sizes.streams)} machine-page streams, ${String(sizes.machines)} machines, idle server`;
  const figure = (mode: Mode): Figure => ({
    workload: 'console-streams',
    metric: `${mode === 'polling' ? 'polling' : 'change signals'}: server CPU while open (% of a CPU)`,
    better: 'lower',
    stepwise: median(samples[mode]) * 100,
    samples: { stepwise: samples[mode].map((value) => value * 100) },
    note: `${note}; ${String(options.repeats)} repeats, alternating`,
  });
  return [figure('polling'), figure('signals')];
}
