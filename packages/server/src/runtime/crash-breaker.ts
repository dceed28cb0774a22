// The crash-loop breaker. A work item whose handling threw (a bug in a step, a bound the engine did not
// catch) keeps its lease and is performed again when the lease runs out; one that fails this many times
// in a row has its execution stopped, with a reason an operator sees, instead of failing forever.

export const maxWorkFailures = 3;

export class CrashBreaker {
  /** Failures in a row, by work item id: only items that failed are here. */
  private readonly failures = new Map<string, number>();

  succeeded(workId: string): void {
    if (this.failures.size > 0) this.failures.delete(workId);
  }

  /** Counts a failure; true when it is the last one allowed (the count is then forgotten). */
  failed(workId: string): boolean {
    const count = (this.failures.get(workId) ?? 0) + 1;
    if (count < maxWorkFailures) {
      this.failures.set(workId, count);
      return false;
    }
    this.failures.delete(workId);
    return true;
  }
}

/** The cause recorded on an execution stopped by the breaker. */
export function brokenCause(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `Stepwise stopped this execution: its work failed ${maxWorkFailures} times in a row (${message.slice(0, 500)})`;
}
