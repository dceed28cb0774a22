// What checking SigV4 leaves of http-start's throughput, both ways a reader may mean it: executions per server
// CPU-second (the Done-when's figure) and executions per second of wall-clock time, signed as a share of
// unsigned, per pair of neighbouring runs and their median.

import { median, quantile, type Figure } from './figures.ts';

/** One side's throughputs, one per repeat: executions per server CPU-second and per wall-clock second. */
export interface Throughputs {
  cpu: number[];
  wall: number[];
}

/**
 * Per server CPU-second is the figure held to the target: it is what http-start reports, and it counts only
 * the server's work. Wall-clock throughput on a 2-core machine also counts the client, which shares the
 * cores, and whatever else runs there; it is given beside it, without a target.
 */
export function signedShares(unsigned: Throughputs, signed: Throughputs): Figure[] {
  return [
    share('% of unsigned per server CPU-s (the Done-when)', unsigned.cpu, signed.cpu, true),
    share('% of unsigned per wall-clock s', unsigned.wall, signed.wall, false),
  ];
}

function share(what: string, unsigned: number[], signed: number[], held: boolean): Figure {
  const pairs = unsigned.map((rate, i) => ((signed[i] ?? 0) / rate) * 100);
  const spread = `quartiles ${quantile(pairs, 0.25).toFixed(1)}-${quantile(pairs, 0.75).toFixed(1)} %`;
  const rates = `median ${Math.round(median(signed))} signed, ${Math.round(median(unsigned))} unsigned`;
  return {
    workload: 'http-start',
    metric: `SigV4 (--auth) throughput, ${what}`,
    better: 'higher',
    stepwise: median(pairs),
    ...(held ? { target: { kind: 'atLeast', value: 90 } as const } : {}),
    samples: { stepwise: pairs },
    note: `serve --auth, calls signed ahead with @smithy/signature-v4, ABBA order; pairs ${pairs.map((p) => p.toFixed(1)).join(', ')} %; ${spread}; ${rates}`,
  };
}
