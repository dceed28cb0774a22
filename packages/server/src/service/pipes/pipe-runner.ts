// Runs the pipes: on each node, one polling loop per RUNNING pipe, started, restarted (when the pipe changed)
// and stopped as the stored pipes say; every node may poll, since SQS hands each message to one reader at a time.

import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import type { PipeRecord, TriggerStore } from '../../store/trigger-store.ts';
import { pause, stopped } from '../events/pause.ts';
import { queueOfArn } from '../events/sqs-client.ts';
import { compileFilters } from './pipe-input.ts';
import { pollPipe, type PipeStart } from './pipe-poller.ts';

export interface PipeRunnerOptions {
  triggers: TriggerStore;
  /** An SQS client for a region (absent: no AWS endpoint is configured, and pipes cannot read their queues). */
  sqs?: (region: string) => SQSClient;
  start: PipeStart;
  now: () => number;
  log: Logger;
  /** How often the stored pipes are read again (other nodes change them too). */
  refreshMillis?: number;
}

interface Poller {
  version: number;
  stop: AbortController;
  running: Promise<void>;
}

export class PipeRunner {
  private readonly pollers = new Map<string, Poller>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: PipeRunnerOptions) {}

  /** Reads the pipes now and then every `refreshMillis`. */
  kick(): void {
    if (this.closed || this.refreshing !== undefined) return;
    this.refreshing = this.refresh()
      .catch((error: unknown) => {
        this.options.log.error({ err: error }, 'reading the pipes failed; trying again');
      })
      .finally(() => {
        this.refreshing = undefined;
        this.arm();
      });
  }

  private arm(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.kick();
    }, this.options.refreshMillis ?? 2000);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    const wanted = new Map<string, PipeRecord>();
    let after: string | undefined;
    do {
      const page = await this.options.triggers.listPipes(undefined, {
        limit: 100,
        ...(after === undefined ? {} : { after }),
      });
      for (const pipe of page.items) if (pipe.DesiredState === 'RUNNING') wanted.set(pipe.Name, pipe);
      after = page.nextToken;
    } while (after !== undefined);
    for (const [name, poller] of this.pollers) {
      if (wanted.get(name)?.LastModifiedTime !== poller.version) await this.stopPoller(name);
    }
    for (const pipe of wanted.values()) if (!this.pollers.has(pipe.Name)) this.startPoller(pipe);
  }

  private startPoller(pipe: PipeRecord): void {
    if (this.closed) return;
    const stop = new AbortController();
    const running = this.poll(pipe, stop.signal);
    this.pollers.set(pipe.Name, { version: pipe.LastModifiedTime, stop, running });
  }

  private async stopPoller(name: string): Promise<void> {
    const poller = this.pollers.get(name);
    if (poller === undefined) return;
    this.pollers.delete(name);
    poller.stop.abort();
    await poller.running;
  }

  private async poll(pipe: PipeRecord, signal: AbortSignal): Promise<void> {
    const { log, sqs } = this.options;
    const queue = queueOfArn(pipe.Source);
    if (sqs === undefined || queue === undefined) {
      log.warn({ pipe: pipe.Name }, 'pipe not polled: serve needs --aws-endpoint URL (or --aws-region) to read SQS');
      return;
    }
    const client = sqs(queue.region);
    try {
      const { QueueUrl } = await client.send(
        new GetQueueUrlCommand({ QueueName: queue.name, QueueOwnerAWSAccountId: queue.account }),
      );
      const filters = compileFilters(pipe.SourceParameters?.FilterCriteria);
      const poll = { ...this.options, client, queueUrl: QueueUrl ?? '', pipe, filters, waitSeconds: 1, signal };
      await this.loop(() => pollPipe(poll), pipe, signal);
    } catch (error) {
      if (!stopped(signal)) log.error({ err: error, pipe: pipe.Name }, 'pipe source unavailable; retrying');
      await pause(2000, signal);
      if (!stopped(signal)) this.pollers.delete(pipe.Name); // the next refresh starts it again
    } finally {
      client.destroy();
    }
  }

  private async loop(pollOnce: () => Promise<number>, pipe: PipeRecord, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if ((await pollOnce()) === 0) await pause(200, signal);
      } catch (error) {
        if (stopped(signal)) return;
        this.options.log.error({ err: error, pipe: pipe.Name }, 'pipe poll failed; retrying');
        await pause(2000, signal);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.refreshing;
    await Promise.all([...this.pollers.keys()].map((name) => this.stopPoller(name)));
  }
}
