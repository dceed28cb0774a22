// UTF-8 and Base64 by hand: core imports no Node modules and must also run in browsers.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map(Array.from(ALPHABET, (char, index) => [char, index]));
const QUESTION_MARK = 0x3f;

/** UTF-8 bytes of `text`; a lone surrogate becomes '?', as Java's String.getBytes(UTF_8) does. */
export function utf8Encode(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code >= 0xd800 && code <= 0xdfff) bytes.push(QUESTION_MARK);
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
  }
  return bytes;
}

/** Decodes UTF-8, replacing each malformed sequence by U+FFFD as Java's new String(bytes, UTF_8) does. */
export function utf8Decode(bytes: readonly number[]): string {
  let text = '';
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] ?? 0;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    const code = length === 0 ? undefined : readSequence(bytes, at, length);
    if (code === undefined) {
      text += '\uFFFD';
      at += 1;
    } else {
      text += String.fromCodePoint(code);
      at += length;
    }
  }
  return text;
}

/** The code point of a well-formed sequence, or undefined (truncated, overlong, surrogate, too large). */
function readSequence(bytes: readonly number[], at: number, length: number): number | undefined {
  const lead = bytes[at] ?? 0;
  if (length === 1) return lead;
  let code = lead & (0xff >> (length + 1));
  for (let offset = 1; offset < length; offset += 1) {
    const byte = bytes[at + offset];
    if (byte === undefined || (byte & 0xc0) !== 0x80) return undefined;
    code = (code << 6) | (byte & 0x3f);
  }
  const minimum = [0, 0, 0x80, 0x800, 0x10000][length] ?? 0;
  if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return code;
}

export function base64Encode(bytes: readonly number[]): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[at], bytes[at + 1], bytes[at + 2]];
    const triple = (a << 16) | (b << 8) | c;
    const remaining = bytes.length - at;
    text += ALPHABET.charAt(triple >> 18) + ALPHABET.charAt((triple >> 12) & 0x3f);
    text += remaining > 1 ? ALPHABET.charAt((triple >> 6) & 0x3f) : '=';
    text += remaining > 2 ? ALPHABET.charAt(triple & 0x3f) : '=';
  }
  return text;
}

/** Decodes standard Base64 (padding optional, as Java's basic decoder); undefined when malformed. */
export function base64Decode(text: string): number[] | undefined {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1 || (body.length !== text.length && text.length % 4 !== 0)) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of body) {
    const value = DECODE.get(char);
    if (value === undefined) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}
