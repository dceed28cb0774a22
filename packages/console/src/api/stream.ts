// The live-update stream the server adds for the console (Server-Sent Events); everything else is the API.

import type { ExecutionDescription, HistoryEvent } from './types.ts';

const path = '/console/api/stream';

export interface ExecutionStreamHandlers {
  onEvents(events: HistoryEvent[]): void;
  onExecution(execution: ExecutionDescription): void;
}

/** New history events after `after`, and the execution's description whenever it changes. Returns a closer. */
export function watchExecution(executionArn: string, after: number, handlers: ExecutionStreamHandlers): () => void {
  const params = new URLSearchParams({ executionArn, after: String(after) });
  const source = new EventSource(`${path}?${params.toString()}`);
  source.addEventListener('history', (message) => {
    handlers.onEvents((JSON.parse(message.data as string) as { events: HistoryEvent[] }).events);
  });
  source.addEventListener('execution', (message) => {
    handlers.onExecution(JSON.parse(message.data as string) as ExecutionDescription);
  });
  source.addEventListener('error', (message) => {
    // The server's own error event (the execution is gone) ends the stream; a dropped connection reconnects.
    if (message instanceof MessageEvent) source.close();
  });
  return () => {
    source.close();
  };
}

/** Calls `onChange` when the newest executions of a machine (or, without an ARN, of all machines) change. */
export function watchChanges(stateMachineArn: string | undefined, onChange: () => void): () => void {
  const query = stateMachineArn === undefined ? 'machines' : new URLSearchParams({ stateMachineArn }).toString();
  const source = new EventSource(`${path}?${query}`);
  source.addEventListener('changed', onChange);
  source.addEventListener('error', (message) => {
    if (message instanceof MessageEvent) source.close();
  });
  return () => {
    source.close();
  };
}
