import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../service/errors.ts';
import { KeyRates } from './key-rates.ts';

function throttled(run: () => void): void {
  assert.throws(
    run,
    (error: unknown) =>
      error instanceof ApiError && error.type === 'ThrottlingException' && error.message === 'Rate exceeded',
  );
}

describe('KeyRates', () => {
  it('allows a burst of `rate` requests per key, then throttles that key only, until time refills it', () => {
    let now = 0;
    const rates = new KeyRates(3, () => now);
    for (let i = 0; i < 3; i++) rates.take('a');
    throttled(() => {
      rates.take('a');
    });
    rates.take('b');
    now += 334;
    rates.take('a');
    throttled(() => {
      rates.take('a');
    });
    now += 10_000;
    for (let i = 0; i < 3; i++) rates.take('a');
  });
});
