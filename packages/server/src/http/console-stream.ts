// The console's live-update stream (Server-Sent Events at GET /console/api/stream). It watches through the
// service's own operations, polling cheaply, so the console sees exactly what the public API returns:
//   ?executionArn=ARN[&after=ID]  new history events (`history`, id = last event id) and, with each change,
//                                 the DescribeExecution response (`execution`);
//   ?stateMachineArn=ARN          `changed` whenever the newest executions of the machine change;
//   ?machines                     `changed` whenever the machines or their newest executions change.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CallContext, StepFunctionsApi } from '../service/api.ts';
import type { OperationName } from '../service/request-shapes.ts';
import { renderError, renderResult } from './protocol.ts';

export interface ConsoleStreamOptions {
  api: StepFunctionsApi;
  log: Logger;
  /** How often a running execution is looked at; lists are looked at less often. */
  pollMs?: number;
}

interface WireEvent {
  id: number;
}

/** One stream: what it watches, asked again at every tick until the client goes away. */
type Watch = (send: (event: string, data: unknown, id?: number) => void) => Promise<number>;

export class ConsoleStreams {
  readonly #options: ConsoleStreamOptions;
  readonly #open = new Set<() => void>();

  constructor(options: ConsoleStreamOptions) {
    this.#options = options;
  }

  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const watch = this.#watchFor(req, query);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      this.#open.delete(end);
      res.end();
    };
    this.#open.add(end);
    req.once('close', end);
    const send = (event: string, data: unknown, id?: number) => {
      if (ended) return;
      const idLine = id === undefined ? '' : `id: ${String(id)}\n`;
      res.write(`${idLine}event: ${event}\ndata: ${typeof data === 'string' ? data : renderResult(data)}\n\n`);
    };
    const tick = async () => {
      try {
        const delay = await watch(send);
        if (!ended) timer = setTimeout(() => void tick(), delay);
      } catch (error) {
        // An API error (the execution is gone, a bad ARN) ends the stream with AWS's error shape.
        send('error', renderError(error).body);
        if (renderError(error).status >= 500) this.#options.log.error({ err: error }, 'console stream failed');
        end();
      }
    };
    void tick();
  }

  /** Ends every open stream (server shutdown must not wait for them). */
  close(): void {
    for (const end of [...this.#open]) end();
  }

  #watchFor(req: IncomingMessage, query: URLSearchParams): Watch {
    const pollMs = this.#options.pollMs ?? 250;
    const executionArn = query.get('executionArn');
    if (executionArn !== null) {
      const lastEventId = Number(req.headers['last-event-id'] ?? query.get('after') ?? 0);
      return this.#executionWatch(executionArn, Number.isSafeInteger(lastEventId) ? lastEventId : 0, pollMs);
    }
    const machineArn = query.get('stateMachineArn');
    if (machineArn !== null) {
      return this.#changeWatch(pollMs * 4, async () => this.#executionsFingerprint(machineArn));
    }
    return this.#changeWatch(pollMs * 8, () => this.#machinesFingerprint());
  }

  #call(operation: OperationName, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ctx: CallContext = { requestId: randomUUID(), log: this.#options.log };
    return this.#options.api.call(operation, body, ctx) as Promise<Record<string, unknown>>;
  }

  #executionWatch(executionArn: string, after: number, pollMs: number): Watch {
    let lastId = after;
    let first = true;
    return async (send) => {
      const newest = await this.#call('GetExecutionHistory', { executionArn, reverseOrder: true, maxResults: 1 });
      const newestId = (newest.events as WireEvent[])[0]?.id ?? 0;
      const changed = newestId > lastId;
      if (changed) {
        const events = await this.#eventsAfter(executionArn, lastId);
        for (let i = 0; i < events.length; i += 500) {
          const chunk = events.slice(i, i + 500);
          send('history', { events: chunk }, chunk[chunk.length - 1]?.id);
        }
        lastId = newestId;
      }
      let status = '';
      if (changed || first) {
        const described = await this.#call('DescribeExecution', { executionArn });
        status = String(described.status);
        send('execution', described);
      }
      first = false;
      // A finished execution changes only when redriven: it is looked at less often.
      return status === 'RUNNING' || status === '' ? pollMs : pollMs * 4;
    };
  }

  /** Events newer than `after`, oldest first, read newest first so that only the new pages are fetched. */
  async #eventsAfter(executionArn: string, after: number): Promise<WireEvent[]> {
    const newer: WireEvent[] = [];
    let nextToken: string | undefined;
    for (;;) {
      const page = await this.#call('GetExecutionHistory', {
        executionArn,
        reverseOrder: true,
        maxResults: 1000,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      for (const event of page.events as WireEvent[]) {
        if (event.id <= after) return newer.reverse();
        newer.push(event);
      }
      nextToken = page.nextToken as string | undefined;
      if (nextToken === undefined) return newer.reverse();
    }
  }

  #changeWatch(intervalMs: number, fingerprint: () => Promise<string>): Watch {
    let last: string | undefined;
    return async (send) => {
      const current = await fingerprint();
      if (last !== undefined && current !== last) send('changed', {});
      last = current;
      return intervalMs;
    };
  }

  async #executionsFingerprint(stateMachineArn: string): Promise<string> {
    const page = await this.#call('ListExecutions', { stateMachineArn, maxResults: 100 });
    return JSON.stringify(page.executions);
  }

  async #machinesFingerprint(): Promise<string> {
    const parts: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#call('ListStateMachines', {
        maxResults: 1000,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      for (const machine of page.stateMachines as { stateMachineArn: string; type: string }[]) {
        parts.push(machine.stateMachineArn);
        if (machine.type === 'STANDARD') parts.push(await this.#executionsFingerprint(machine.stateMachineArn));
      }
      nextToken = page.nextToken as string | undefined;
    } while (nextToken !== undefined);
    return parts.join('\n');
  }
}
