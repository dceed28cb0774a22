// Signals between nodes through PostgreSQL's LISTEN/NOTIFY, sent after the commit they tell of and
// never inside it (a NOTIFY in a transaction takes a lock that serialises every notifying commit). Hints
// are coalesced: one NOTIFY per kind of news per turn of the event loop, "work" at most every
// `workHintMillis`, and the executions changed (for the console's live stream) gathered over
// `executionHintMillis`, past `maxExecutionHints` sent as one "some executions changed". A lost hint
// costs only latency: every node still looks at the store on its own.

import pg from 'pg';
import { LocalSignals, type Signal, type Signals } from '../signals.ts';

const channel = 'stepwise_signals';
/** How often this node may tell the others of new work (they wake at least every 20 s anyway). */
const workHintMillis = 100;
/** Activity ARNs are at most 256 characters: 20 hints fit a NOTIFY payload. */
const hintsPerNotify = 20;
/** How long executions changed are gathered before the other nodes hear of them. */
const executionHintMillis = 250;
/** More executions changed than this in one gathering go out as one hint without ARNs. */
const maxExecutionHints = 2 * hintsPerNotify;

export interface PostgresSignalsOptions {
  url: string;
  /** Told of a failure to listen or notify (the hints resume when the database answers again). */
  onError?: (error: unknown) => void;
}

/** Listens on one dedicated connection and notifies through the pool's; reconnects after a failure. */
export async function openPostgresSignals(options: PostgresSignalsOptions, pool: pg.Pool): Promise<Signals> {
  const signals = new PostgresSignals(options, pool);
  await signals.connect();
  return signals;
}

class PostgresSignals implements Signals {
  private readonly local = new LocalSignals();
  private readonly nodeTag = Math.random().toString(36).slice(2);
  private listener: pg.Client | undefined;
  private pending = new Set<string>();
  private flushing = false;
  private lastWorkHint = 0;
  private executions = new Map<string, Signal>();
  private executionTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly options: PostgresSignalsOptions,
    private readonly pool: pg.Pool,
  ) {}

  publish(signal: Signal): void {
    this.local.publish(signal);
    if (signal.kind === 'execution') {
      this.gatherExecution(signal);
      return;
    }
    if (signal.kind === 'work') {
      const now = Date.now();
      if (now - this.lastWorkHint < workHintMillis) return;
      this.lastWorkHint = now;
    }
    this.queue(signal);
  }

  private queue(signal: Signal): void {
    this.pending.add(JSON.stringify(signal));
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => {
        void this.flush();
      });
    }
  }

  /** Keeps an execution's change for the next gathering (one hint per execution however often it stepped). */
  private gatherExecution(signal: Extract<Signal, { kind: 'execution' }>): void {
    this.executions.set(signal.executionArn ?? '', signal);
    if (this.executionTimer !== undefined) return;
    this.executionTimer = setTimeout(() => {
      this.executionTimer = undefined;
      const gathered = [...this.executions.values()];
      const some = gathered.length > maxExecutionHints || this.executions.has('');
      this.executions = new Map();
      if (some) this.queue({ kind: 'execution' });
      else for (const each of gathered) this.queue(each);
    }, executionHintMillis);
    this.executionTimer.unref();
  }

  subscribe(listener: (signal: Signal) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.executionTimer);
    await this.local.close();
    await this.listener?.end().catch(() => undefined);
  }

  async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    const lost = (error?: Error): void => {
      if (error !== undefined) this.options.onError?.(error);
      if (this.listener === client) this.scheduleReconnect();
    };
    client.on('notification', (message) => {
      this.received(message.payload);
    });
    client.on('error', lost);
    client.on('end', () => {
      lost();
    });
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    this.listener = client;
  }

  /** Listens again a second after the connection was lost, until it works or the signals close. */
  private scheduleReconnect(): void {
    this.listener = undefined;
    if (this.closed) return;
    const timer = setTimeout(() => {
      if (this.closed) return;
      this.connect().catch((error: unknown) => {
        this.options.onError?.(error);
        this.scheduleReconnect();
      });
    }, 1_000);
    timer.unref();
  }

  /** One NOTIFY with every distinct hint of this turn; our own come back and are dropped by tag. */
  private async flush(): Promise<void> {
    const hints = [...this.pending];
    this.pending = new Set();
    this.flushing = false;
    if (this.closed || hints.length === 0) return;
    // A NOTIFY payload holds under 8,000 bytes: send the hints in groups.
    for (let start = 0; start < hints.length; start += hintsPerNotify) {
      const payload = JSON.stringify({ from: this.nodeTag, hints: hints.slice(start, start + hintsPerNotify) });
      try {
        await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private received(payload: string | undefined): void {
    if (payload === undefined) return;
    try {
      const message = JSON.parse(payload) as { from: string; hints: string[] };
      if (message.from === this.nodeTag) return;
      for (const hint of message.hints) this.local.publish(JSON.parse(hint) as Signal);
    } catch {
      // Not ours: another program may use the channel name.
    }
  }
}
