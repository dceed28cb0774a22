// The console's live-update stream (Server-Sent Events at GET /console/api/stream). It reads through the
// service's own operations, so the console sees exactly what the public API returns:
//   ?executionArn=ARN[&after=ID]  new history events (`history`, id = last event id) and, with each change,
//                                 the DescribeExecution response (`execution`);
//   ?stateMachineArn=ARN          `changed` whenever the newest executions of the machine change;
//   ?machines                     `changed` whenever the machines or their newest executions change.
// With the runtime's change signals (`changes`), a stream looks again only when told that an execution it
// shows changed (at most once per gap), and otherwise rarely, in case a hint from another node was lost:
// it costs what changes, not what exists. Without them it polls.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CallContext, StepFunctionsApi } from '../service/api.ts';
import type { OperationName } from '../service/request-shapes.ts';
import type { Signals } from '../store/signals.ts';
import { listenLooks, pollLooks, type ChangeWatch, type ExecutionChange, type Watch } from './console-stream-looks.ts';
import { renderError, renderResult } from './protocol.ts';

export interface ConsoleStreamOptions {
  api: StepFunctionsApi;
  log: Logger;
  /** How often a running execution is looked at; lists are looked at less often. */
  pollMs?: number;
  /** The runtime's signals: with them a stream looks when an execution it shows changed, not on a timer. */
  changes?: Pick<Signals, 'subscribe'>;
}

interface WireEvent {
  id: number;
}

/** Matches changes of one execution, or of one machine's executions (a change without ARNs matches all). */
function concerns(change: ExecutionChange, key: 'executionArn' | 'stateMachineArn', arn: string): boolean {
  const value = change[key];
  return value === undefined || value === arn;
}

export class ConsoleStreams {
  readonly #options: ConsoleStreamOptions;
  readonly #open = new Set<() => void>();
  /** The open streams fed by change signals, each told of every change (it says whether it cares). */
  readonly #listening = new Set<(change: ExecutionChange) => void>();
  readonly #unsubscribe: (() => void) | undefined;
  /** The machines' list, shared by the streams of the machines page for one gap. */
  #catalog: { at: number; fingerprint: Promise<string> } | undefined;

  constructor(options: ConsoleStreamOptions) {
    this.#options = options;
    this.#unsubscribe = options.changes?.subscribe((signal) => {
      if (signal.kind !== 'execution') return;
      for (const listener of this.#listening) listener(signal);
    });
  }

  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    let ended = false;
    const stops: (() => void)[] = [];
    const end = () => {
      if (ended) return;
      ended = true;
      for (const stop of stops) stop();
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
    const failed = (error: unknown) => {
      // An API error (the execution is gone, a bad ARN) ends the stream with AWS's error shape.
      send('error', renderError(error).body);
      if (renderError(error).status >= 500) this.#options.log.error({ err: error }, 'console stream failed');
      end();
    };
    const run = { send, failed, isEnded: () => ended, onEnd: (stop: () => void) => stops.push(stop) };
    if (this.#options.changes === undefined) pollLooks(this.#pollingWatch(req, query), run);
    else listenLooks(this.#changeWatchFor(req, query), run, this.#listening);
  }

  /** Ends every open stream (server shutdown must not wait for them). */
  close(): void {
    for (const end of [...this.#open]) end();
    this.#unsubscribe?.();
  }

  #pollingWatch(req: IncomingMessage, query: URLSearchParams): Watch {
    const pollMs = this.#options.pollMs ?? 250;
    const executionArn = query.get('executionArn');
    if (executionArn !== null) return this.#executionWatch(executionArn, lastEventIdOf(req, query), pollMs);
    const machineArn = query.get('stateMachineArn');
    if (machineArn !== null) {
      return this.#changeWatch(pollMs * 4, async () => this.#executionsFingerprint(machineArn));
    }
    return this.#changeWatch(pollMs * 8, () => this.#machinesFingerprint());
  }

  #changeWatchFor(req: IncomingMessage, query: URLSearchParams): ChangeWatch {
    const pollMs = this.#options.pollMs ?? 250;
    const executionArn = query.get('executionArn');
    if (executionArn !== null) {
      return {
        look: this.#executionWatch(executionArn, lastEventIdOf(req, query), pollMs),
        told: (change) => concerns(change, 'executionArn', executionArn),
        gapMs: pollMs,
      };
    }
    const machineArn = query.get('stateMachineArn');
    if (machineArn !== null) {
      return {
        look: this.#changeWatch(0, async () => this.#executionsFingerprint(machineArn)),
        told: (change) => concerns(change, 'stateMachineArn', machineArn),
        gapMs: pollMs * 4,
      };
    }
    return this.#machinesChangeWatch(pollMs * 8);
  }

  /**
   * The machines page: `changed` when an execution changed since the last look (any machine's), or when
   * the list of machines did; that list is read once per gap for all streams, not per stream.
   */
  #machinesChangeWatch(gapMs: number): ChangeWatch {
    let executionsChanged = false;
    let last: string | undefined;
    return {
      gapMs,
      told: () => {
        executionsChanged = true;
        return true;
      },
      look: async (send) => {
        const current = await this.#catalogFingerprint(gapMs);
        if (executionsChanged || (last !== undefined && current !== last)) send('changed', {});
        executionsChanged = false;
        last = current;
        return gapMs;
      },
    };
  }

  #catalogFingerprint(maxAgeMs: number): Promise<string> {
    const now = Date.now();
    if (this.#catalog === undefined || now - this.#catalog.at >= maxAgeMs) {
      const fingerprint = this.#machineArns().then((arns) => arns.join('\n'));
      // A failed read is not kept: the next look reads again.
      fingerprint.catch(() => {
        this.#catalog = undefined;
      });
      this.#catalog = { at: now, fingerprint };
    }
    return this.#catalog.fingerprint;
  }

  #call(operation: OperationName, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ctx: CallContext = { requestId: randomUUID() };
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
    for (const machine of await this.#machines()) {
      parts.push(machine.stateMachineArn);
      if (machine.type === 'STANDARD') parts.push(await this.#executionsFingerprint(machine.stateMachineArn));
    }
    return parts.join('\n');
  }

  async #machineArns(): Promise<string[]> {
    return (await this.#machines()).map((machine) => machine.stateMachineArn);
  }

  async #machines(): Promise<{ stateMachineArn: string; type: string }[]> {
    const machines: { stateMachineArn: string; type: string }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#call('ListStateMachines', {
        maxResults: 1000,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      machines.push(...(page.stateMachines as { stateMachineArn: string; type: string }[]));
      nextToken = page.nextToken as string | undefined;
    } while (nextToken !== undefined);
    return machines;
  }
}

/** The last history event id the page holds (Last-Event-ID on a reconnection, else `after`). */
function lastEventIdOf(req: IncomingMessage, query: URLSearchParams): number {
  const lastEventId = Number(req.headers['last-event-id'] ?? query.get('after') ?? 0);
  return Number.isSafeInteger(lastEventId) ? lastEventId : 0;
}
