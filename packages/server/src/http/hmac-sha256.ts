// HMAC-SHA256 (RFC 2104) over the one-shot hash(): createHmac sets up an OpenSSL context on every call (about
// 15 µs, most of a SigV4 check), while two one-shot hashes over pads prepared once per key cost a few.

import { hash } from 'node:crypto';

const blockBytes = 64;

export class HmacSha256Key {
  readonly #inner: Buffer;
  readonly #outer: Buffer;

  constructor(key: Buffer) {
    const block = Buffer.alloc(blockBytes);
    (key.length > blockBytes ? hash('sha256', key, 'buffer') : key).copy(block);
    this.#inner = Buffer.from(block.map((byte) => byte ^ 0x36));
    this.#outer = Buffer.alloc(blockBytes + 32);
    for (let i = 0; i < blockBytes; i++) this.#outer[i] = (block[i] ?? 0) ^ 0x5c;
  }

  digest(message: string): Buffer {
    // One buffer per hash, the pad copied in and the message written after it (no intermediate copies).
    const inner = Buffer.allocUnsafe(blockBytes + Buffer.byteLength(message));
    this.#inner.copy(inner);
    inner.write(message, blockBytes, 'utf8');
    // The outer message is the pad and a 32-byte hash: one buffer per key, filled in place.
    hash('sha256', inner, 'buffer').copy(this.#outer, blockBytes);
    return hash('sha256', this.#outer, 'buffer');
  }
}
