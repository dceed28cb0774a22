// The `cidr` filter of event patterns: an IPv4 or IPv6 network, matched against addresses given as strings.

import { PatternError } from './pattern-error.ts';
import type { ValueTest } from './value-test.ts';

/** An address as a big integer and its width in bits, or undefined when the text is not an address. */
function parseAddress(text: string): { value: bigint; bits: number } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((part) => part > 255)) return undefined;
    return { value: parts.reduce((sum, part) => (sum << 8n) + BigInt(part), 0n), bits: 32 };
  }
  return parseIpv6(text);
}

function parseIpv6(text: string): { value: bigint; bits: number } | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] ?? '').split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((group) => group.length === 0 || group.length > 4)) return undefined;
  return { value: groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n), bits: 128 };
}

export function cidrTest(operand: unknown): ValueTest {
  const [address, prefixText, extra] = typeof operand === 'string' ? operand.split('/') : [];
  const network = address === undefined ? undefined : parseAddress(address);
  const prefix = Number(prefixText);
  if (
    network === undefined ||
    extra !== undefined ||
    prefixText === undefined ||
    !/^\d+$/.test(prefixText) ||
    prefix > network.bits
  ) {
    throw new PatternError(`Nonstandard IP address: ${String(operand)}`);
  }
  const shift = BigInt(network.bits - prefix);
  const base = network.value >> shift;
  return (value) => {
    if (typeof value !== 'string') return false;
    const parsed = parseAddress(value);
    return parsed !== undefined && parsed.bits === network.bits && parsed.value >> shift === base;
  };
}
