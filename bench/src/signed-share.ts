// What checking SigV4 leaves of http-start's throughput, both ways a reader may mean it: executions per server
// CPU-second (the Done-when's figure) and executions per second of wall-clock time, signed as a share of
// unsigned, per pair of neighbouring runs, with their median, quartiles and the load average they ran at.

import { median, quantile, type Figure } from './figures.ts';

/** One side's throughputs, one per repeat: executions per server CPU-second and per wall-clock second. */
export interface Throughputs {
  cpu: number[];
  wall: number[];
}

/** Which unit issue 20's Done-when ("at most 10 % of http-start throughput") is read in, and why. */
export const heldUnit =
  'the Done-when is held per server CPU-second: it is the unit http-start reports, and it counts only what the server spends, the cost of checking signatures; per wall-clock second the client, which shares the 2 cores and signs nothing while timed, and every other process on the machine are counted too';

/**
 * Per server CPU-second is the figure held to the target (see `heldUnit`); wall-clock throughput is given
 * beside it, without a target.
 */
export function signedShares(unsigned: Throughputs, signed: Throughputs, loads: readonly number[]): Figure[] {
  return [
    share('% of unsigned per server CPU-s (the Done-when)', unsigned.cpu, signed.cpu, loads, true),
    share('% of unsigned per wall-clock s', unsigned.wall, signed.wall, loads, false),
  ];
}

function share(what: string, unsigned: number[], signed: number[], loads: readonly number[], held: boolean): Figure {
  const pairs = unsigned.map((rate, i) => ((signed[i] ?? 0) / rate) * 100);
  const spread = `quartiles ${quantile(pairs, 0.25).toFixed(1)}-${quantile(pairs, 0.75).toFixed(1)} %`;
  const rates = `median ${Math.round(median(signed))} signed, ${Math.round(median(unsigned))} unsigned`;
  const load = `load average ${median(loads).toFixed(1)} (${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)})`;
  return {
    workload: 'http-start',
    metric: `SigV4 (--auth) throughput, ${what}`,
    better: 'higher',
    stepwise: median(pairs),
    ...(held ? { target: { kind: 'atLeast', value: 90 } as const } : {}),
    samples: { stepwise: pairs },
    note: `serve --auth, calls signed ahead with @smithy/signature-v4, ABBA order; ${String(pairs.length)} pairs ${pairs.map((p) => p.toFixed(1)).join(', ')} %; ${spread}; ${rates}; ${load}`,
  };
}
