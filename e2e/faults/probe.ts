// What every fault probe does: keep calling the API while a fault plays out, and report (never assert)
// the slowest answer; figures go to stdout as TAP comments.

import {
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/** Calls ListStateMachines until `done` settles; the slowest answer, in milliseconds. */
export async function probeWhile(sfn: SFNClient, done: Promise<unknown>): Promise<number> {
  const progress = { finished: false };
  void done.finally(() => {
    progress.finished = true;
  });
  let slowest = 0;
  while (!progress.finished) {
    const started = performance.now();
    await sfn.send(new ListStateMachinesCommand({}));
    slowest = Math.max(slowest, performance.now() - started);
  }
  return slowest;
}

/** Writes a measured figure to the test output. */
export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Every event of an execution's history, page after page. */
export async function fullHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}
