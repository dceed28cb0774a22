// Empties the delivery outbox: claims due deliveries with a lease, starts each one's execution (named after the
// delivery, so a repeat after a crash finds the execution already there), and logs it; a failure is retried
// with backoff under the target's RetryPolicy, then sent to its dead-letter queue or dropped.

import type { Logger } from 'pino';
import type { DeliveryRecord, TriggerStore } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';

export interface DeliveryWorkerOptions {
  triggers: TriggerStore;
  /** Starts the execution; its ARN. An ApiError is AWS's answer; anything else may pass if retried. */
  start: (delivery: DeliveryRecord) => Promise<string>;
  /** Sends a failed delivery to its dead-letter queue (absent: none is configured on this server). */
  sendDeadLetter?: (delivery: DeliveryRecord, error: string) => Promise<void>;
  now: () => number;
  owner: string;
  log: Logger;
  leaseMillis?: number;
}

/** Errors AWS retries: throttling and quotas; every other answer of the target is final. */
const retryable = new Set(['ExecutionLimitExceeded', 'ServiceQuotaExceededException', 'InternalFailure']);

export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly options: DeliveryWorkerOptions) {}

  /** Performs every delivery due now; resolves when none is left due. */
  async drain(): Promise<void> {
    const { triggers, now, owner } = this.options;
    for (;;) {
      const time = now();
      const claimed = await triggers.claimDeliveries({
        owner,
        now: time,
        leaseUntil: time + (this.options.leaseMillis ?? 60000),
        limit: 50,
      });
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    }
  }

  private async deliver(delivery: DeliveryRecord): Promise<void> {
    const { triggers, owner, now } = this.options;
    const attempts = delivery.attempts + 1;
    try {
      const executionArn = await this.options.start(delivery);
      await triggers.finishDelivery(owner, { ...this.logEntry(delivery, attempts), outcome: 'STARTED', executionArn });
    } catch (error) {
      const message =
        error instanceof Error
          ? `${error instanceof ApiError ? error.type : error.name}: ${error.message}`
          : String(error);
      const final = error instanceof ApiError && !retryable.has(error.type);
      const expired = now() - delivery.createdAt >= delivery.maximumEventAgeSeconds * 1000;
      if (!final && !expired && attempts <= delivery.maximumRetryAttempts) {
        await triggers.retryDelivery(owner, delivery.id, attempts, now() + backoff(attempts), message);
        return;
      }
      await this.giveUp(delivery, attempts, message);
    }
  }

  private async giveUp(delivery: DeliveryRecord, attempts: number, error: string): Promise<void> {
    const entry = { ...this.logEntry(delivery, attempts), error };
    if (delivery.deadLetterArn !== undefined && this.options.sendDeadLetter !== undefined) {
      try {
        await this.options.sendDeadLetter(delivery, error);
        await this.options.triggers.finishDelivery(this.options.owner, { ...entry, outcome: 'DEAD_LETTERED' });
        return;
      } catch (sendError) {
        this.options.log.warn({ err: sendError, delivery: delivery.id }, 'dead-letter queue refused the event');
      }
    }
    this.options.log.warn({ delivery: delivery.id, source: delivery.source, error }, 'event dropped');
    await this.options.triggers.finishDelivery(this.options.owner, { ...entry, outcome: 'DROPPED' });
  }

  private logEntry(delivery: DeliveryRecord, attempts: number) {
    const { id: deliveryId, source, targetId, eventId } = delivery;
    return { deliveryId, source, targetId, eventId, time: this.options.now(), attempts };
  }

  /** Runs the outbox now (after deliveries were committed), and again whenever the next one is due. */
  kick(): void {
    if (this.closed) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.cycle().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async cycle(): Promise<void> {
    try {
      await this.drain();
      const next = await this.options.triggers.nextDeliveryTime();
      this.arm(next === undefined ? 1000 : Math.min(1000, Math.max(0, next - this.options.now())));
    } catch (error) {
      if (this.closed) return;
      this.options.log.error({ err: error }, 'delivery worker failed; trying again in a second');
      this.arm(1000);
    }
  }

  /** Polls at least every second: other nodes and restarts leave deliveries this process was not told of. */
  private arm(delay: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.kick();
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

/** Exponential backoff from one second, at most five minutes. */
function backoff(attempts: number): number {
  return Math.min(300000, 1000 * 2 ** Math.min(attempts - 1, 20));
}
