// Signals: best-effort wake-up hints between the nodes sharing a store (new work, an activity's new
// task, an execution changed). They never carry truth: a node that misses one still finds everything in
// the store on its next look; they only shorten waits. In-process here; PostgreSQL relays them between
// nodes with LISTEN/NOTIFY (postgres/postgres-signals.ts).

export type Signal =
  /** Work was committed that may be due before a scheduler's next look. */
  | { kind: 'work' }
  /** An activity has a new task for GetActivityTask's long polls. */
  | { kind: 'activity'; activityArn: string }
  /**
   * A step of this execution (of this machine) committed: the console's live stream looks again. Without
   * ARNs, some executions changed (another node's hints, coalesced past what one message carries).
   */
  | { kind: 'execution'; executionArn?: string; stateMachineArn?: string };

export interface Signals {
  /** Tells this node's listeners at once, and other nodes when the implementation reaches them. */
  publish(signal: Signal): void;
  /** Returns the function that stops listening. */
  subscribe(listener: (signal: Signal) => void): () => void;
  close(): Promise<void>;
}

/** The listeners of one process. */
export class LocalSignals implements Signals {
  private readonly listeners = new Set<(signal: Signal) => void>();

  publish(signal: Signal): void {
    for (const listener of this.listeners) listener(signal);
  }

  subscribe(listener: (signal: Signal) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
