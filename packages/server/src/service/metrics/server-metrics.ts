// The server's own metrics, per node: how long each store operation takes (a timing wrapper around the
// store the runtime and the service use) and how much work the node holds under lease. Registered in the
// same prom-client registry as Step Functions' metrics, so `GET /metrics` serves both.

import { Gauge, Histogram, type Registry } from 'prom-client';

/** Seconds: from a cached SQLite read to a slow PostgreSQL commit. */
const latencyBuckets = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ServerMetrics {
  private readonly latency: Histogram<'operation' | 'node'>;
  private readonly leases: Gauge<'node'>;
  private workInFlight: () => number = () => 0;

  constructor(
    registry: Registry,
    private readonly node: string,
  ) {
    this.latency = new Histogram({
      name: 'stepwise_store_operation_seconds',
      help: 'Time each store operation took (its transaction included), by operation and node',
      labelNames: ['operation', 'node'],
      buckets: latencyBuckets,
      registers: [registry],
    });
    const read = (): number => this.workInFlight();
    this.leases = new Gauge({
      name: 'stepwise_work_leases_held',
      help: 'Work items (timers, task calls, deliveries of results) this node has claimed and holds under lease',
      labelNames: ['node'],
      registers: [registry],
      collect() {
        this.set({ node }, read());
      },
    });
  }

  /** Where the leased work count is read at each scrape (the runtime). */
  watchWork(workInFlight: () => number): void {
    this.workInFlight = workInFlight;
  }

  /** The store with each async method timed; anything else passes through untouched. */
  timed<T extends object>(store: T): T {
    const cache = new Map<PropertyKey, unknown>();
    return new Proxy(store, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        let wrapped = cache.get(property);
        if (wrapped === undefined) {
          wrapped = this.timer(target, property, value as (...args: unknown[]) => unknown);
          cache.set(property, wrapped);
        }
        return wrapped;
      },
    });
  }

  private timer(target: object, operation: string, method: (...args: unknown[]) => unknown) {
    const labels = { operation, node: this.node };
    return (...args: unknown[]): unknown => {
      const started = performance.now();
      const result = method.apply(target, args);
      if (!(result instanceof Promise)) return result;
      const done = (): void => {
        this.latency.observe(labels, (performance.now() - started) / 1000);
      };
      result.then(done, done);
      return result;
    };
  }
}
