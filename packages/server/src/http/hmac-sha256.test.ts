import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HmacSha256Key } from './hmac-sha256.ts';

describe('HmacSha256Key', () => {
  it("gives node's createHmac digest for keys shorter, as long as and longer than a block", () => {
    for (const keyBytes of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyBytes);
      const hmac = new HmacSha256Key(key);
      for (const message of ['', 'AWS4-HMAC-SHA256\n20261205T101010Z', 'é ü ✓'.repeat(40)]) {
        assert.deepEqual(hmac.digest(message), createHmac('sha256', key).update(message).digest(), `${keyBytes} bytes`);
      }
    }
  });
});
