// Per-access-key request rates: a token bucket per key, refilled continuously; past it, AWS's ThrottlingException.

import { ApiError } from '../service/errors.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class KeyRates {
  private readonly buckets = new Map<string, Bucket>();

  /** `rate` requests a second per key, with a burst of as many. */
  constructor(
    private readonly rate: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request of `key`, or throws ThrottlingException when its bucket is empty. */
  take(key: string): void {
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.rate, at };
    bucket.tokens = Math.min(this.rate, bucket.tokens + ((at - bucket.at) / 1000) * this.rate);
    bucket.at = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) throw new ApiError('ThrottlingException', 'Rate exceeded');
    bucket.tokens -= 1;
  }
}
