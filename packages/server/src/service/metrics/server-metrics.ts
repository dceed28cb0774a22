// The server's own metrics: per node, how long each store operation takes (a timing wrapper around the
// store the runtime and the service use) and how much work the node holds under lease; from the store at
// each scrape (the same on every node), the open executions and the work queue's depth. Registered in the
// same prom-client registry as Step Functions' metrics, so `GET /metrics` serves both.

import { Gauge, Histogram, type Registry } from 'prom-client';
import type { StoreGauges, StoreGaugeValues } from '../../store/store-gauges.ts';

/** Seconds: from a cached SQLite read to a slow PostgreSQL commit. */
const latencyBuckets = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ServerMetrics {
  private readonly latency: Histogram<'operation' | 'node'>;
  private readonly leases: Gauge<'node'>;
  private workInFlight: () => number = () => 0;

  constructor(
    private readonly registry: Registry,
    private readonly node: string,
  ) {
    this.latency = new Histogram({
      name: 'stepwise_store_operation_seconds',
      help: 'Time each store operation took (its transaction included), by operation and node',
      labelNames: ['operation', 'node'],
      buckets: latencyBuckets,
      registers: [this.registry],
    });
    const read = (): number => this.workInFlight();
    this.leases = new Gauge({
      name: 'stepwise_work_leases_held',
      help: 'Work items (timers, task calls, deliveries of results) this node has claimed and holds under lease',
      labelNames: ['node'],
      registers: [this.registry],
      collect() {
        this.set({ node }, read());
      },
    });
  }

  /** Where the leased work count is read at each scrape (the runtime). */
  watchWork(workInFlight: () => number): void {
    this.workInFlight = workInFlight;
  }

  /**
   * The execution caches' estimated bytes and budgets (`serve --cache-mib`), per runtime (STANDARD, EXPRESS):
   * a cache that sits at its budget while executions run is one that a larger budget would serve better.
   */
  watchCaches(caches: Readonly<Record<string, () => { bytes: number; budget: number }>>): void {
    const node = this.node;
    const gauge = (name: string, help: string, key: 'bytes' | 'budget'): void => {
      new Gauge({
        ...{ name, help, labelNames: ['node', 'type'], registers: [this.registry] },
        collect() {
          for (const [type, use] of Object.entries(caches)) this.set({ node, type }, use()[key]);
        },
      });
    };
    gauge('stepwise_execution_cache_bytes', 'Estimated bytes of running executions kept between steps', 'bytes');
    gauge('stepwise_execution_cache_budget_bytes', 'The execution cache budget (serve --cache-mib)', 'budget');
  }

  /**
   * Gauges read from the store at each scrape (one query for the three). A scrape that finds the store
   * failing leaves them at their last values rather than failing the whole scrape.
   */
  watchStore(store: StoreGauges, now: () => number): void {
    let pending: Promise<StoreGaugeValues | undefined> | undefined;
    // The three gauges of one scrape share one read of the store.
    const read = (): Promise<StoreGaugeValues | undefined> => {
      pending ??= store.gauges(now()).then(
        (values) => values,
        () => undefined,
      );
      const current = pending;
      void current.finally(() => {
        if (pending === current) pending = undefined;
      });
      return current;
    };
    const gauge = (name: string, help: string, key: keyof StoreGaugeValues): void => {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const values = await read();
          if (values !== undefined) this.set(values[key]);
        },
      });
    };
    gauge('stepwise_open_executions', 'Standard executions running (every node of the store)', 'openExecutions');
    gauge('stepwise_work_queue_depth', 'Work items due and not claimed by any node: the backlog', 'dueWork');
    gauge('stepwise_work_items', 'Work items in the store: due, claimed or waiting for their time', 'scheduledWork');
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
