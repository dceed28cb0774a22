// Loaded into a `stepwise serve` by load-profile.ts (NODE_OPTIONS=--import, after tsx): what the server itself saw
// during a load run. Every second: event-loop delay (max, mean) and GC pauses; between two SIGUSR2: a CPU
// profile (the inspector, as --cpu-prof is refused in NODE_OPTIONS); each accepted connection's time, and
// each request that took over a second from its arrival to its answer. Written to PROFILE_DIR.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const dir = process.env.PROFILE_DIR ?? '.';
const write = (name: string, rows: unknown[]): void => {
  writeFileSync(join(dir, name), rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
};

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const seconds: object[] = [];
let gc = { count: 0, ms: 0, max: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc = { count: gc.count + 1, ms: gc.ms + entry.duration, max: Math.max(gc.max, entry.duration) };
  }
}).observe({ entryTypes: ['gc'] });
setInterval(() => {
  const heapMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  const [maxMs, meanMs] = [delay.max / 1e6, delay.mean / 1e6].map(Math.round);
  seconds.push({
    at: Date.now(),
    maxMs,
    meanMs,
    gcCount: gc.count,
    gcMs: Math.round(gc.ms),
    gcMaxMs: Math.round(gc.max),
    heapMiB,
  });
  delay.reset();
  gc = { count: 0, ms: 0, max: 0 };
}, 1000).unref();

const accepts: number[] = [];
const slow: object[] = [];
// The original, called with each server as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'connection') accepts.push(Date.now());
  if (event === 'request') {
    const [req, res] = args as [IncomingMessage, ServerResponse];
    const arrived = performance.now();
    res.on('finish', () => {
      const ms = performance.now() - arrived;
      if (ms > 1000) slow.push({ at: Date.now(), target: req.headers['x-amz-target'], ms: Math.round(ms) });
    });
  }
  return Reflect.apply(emit, this, [event, ...args]) as boolean;
} as typeof emit;

const session = new Session();
session.connect();
let profiling = false;
process.on('SIGUSR2', () => {
  if (!profiling) {
    profiling = true;
    session.post('Profiler.enable', () => {
      session.post('Profiler.start');
    });
    return;
  }
  session.post('Profiler.stop', (error, result) => {
    if (error === null) writeFileSync(join(dir, 'server.cpuprofile'), JSON.stringify(result.profile));
    write('event-loop.jsonl', seconds);
    write('accepts.jsonl', accepts);
    write('slow-requests.jsonl', slow);
  });
});
