// RedriveExecution's clientToken: AWS answers a repeated token with the response of the redrive it made, for the
// last 10 tokens of an execution and for 15 minutes, so that an SDK retry (the SDKs send a token) cannot fail.

const tokensPerExecution = 10;
const validForMs = 15 * 60 * 1000;
/** A bound on memory, far above what SDK retries need: the oldest tokens are forgotten first. */
const maxTokens = 10_000;

interface Remembered {
  redriveDate: number;
  firstUsed: number;
}

/**
 * The tokens of successful redrives, in this process's memory (see docs/choices.md: a restart, or another
 * node of a PostgreSQL cluster, does not know them).
 */
export class RedriveTokens {
  private readonly tokens = new Map<string, Remembered>();
  private readonly byExecution = new Map<string, string[]>();

  constructor(private readonly now: () => number) {}

  /** The redriveDate of the redrive `token` made on `executionArn`, if it is still remembered. */
  redriveDate(executionArn: string, token: string): number | undefined {
    const remembered = this.tokens.get(key(executionArn, token));
    if (remembered === undefined || this.now() - remembered.firstUsed > validForMs) return undefined;
    return remembered.redriveDate;
  }

  remember(executionArn: string, token: string, redriveDate: number): void {
    const recent = this.byExecution.get(executionArn) ?? [];
    recent.push(token);
    if (recent.length > tokensPerExecution) this.tokens.delete(key(executionArn, recent.shift() ?? ''));
    this.byExecution.set(executionArn, recent);
    this.tokens.set(key(executionArn, token), { redriveDate, firstUsed: this.now() });
    for (const oldest of this.tokens.keys()) {
      if (this.tokens.size <= maxTokens) break;
      this.tokens.delete(oldest);
    }
  }
}

function key(executionArn: string, token: string): string {
  return `${executionArn}\n${token}`;
}
