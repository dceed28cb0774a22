// A small PNG codec for the example (8-bit RGB and RGBA, not interlaced), on node:zlib alone, so the
// example needs no image library. Not a function: it has no handler; the functions import it.

import { crc32, deflateSync, inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row after row. */
  pixels: Uint8Array;
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Thrown for files this codec cannot read; its name is the error the state machine catches. */
export class UnsupportedImage extends Error {
  override name = 'UnsupportedImage';
}

export function isPng(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).equals(signature);
}

export function decodePng(bytes: Buffer): Image {
  if (!isPng(bytes)) throw new UnsupportedImage('not a PNG file');
  let offset = 8;
  let header: { width: number; height: number; colorType: number } | undefined;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = readHeader(body);
    else if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  if (header === undefined) throw new UnsupportedImage('the PNG has no header');
  const channels = header.colorType === 6 ? 4 : 3;
  const rows = unfilter(inflateSync(Buffer.concat(data)), header.width, header.height, channels);
  const pixels = new Uint8Array(header.width * header.height * 4);
  for (let i = 0; i < header.width * header.height; i++) {
    for (let c = 0; c < 3; c++) pixels[i * 4 + c] = rows[i * channels + c] ?? 0;
    pixels[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] ?? 255) : 255;
  }
  return { width: header.width, height: header.height, pixels };
}

export function encodePng(image: Image): Buffer {
  const stride = image.width * 4 + 1;
  const raw = Buffer.alloc(stride * image.height);
  for (let y = 0; y < image.height; y++) {
    // Filter type 0 (None) for every row: simple and valid.
    raw[y * stride] = 0;
    raw.set(image.pixels.subarray(y * image.width * 4, (y + 1) * image.width * 4), y * stride + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Nearest-neighbour scaling to at most `maxWidth` pixels wide, keeping the aspect ratio. */
export function scaleToWidth(image: Image, maxWidth: number): Image {
  if (image.width <= maxWidth) return image;
  const width = maxWidth;
  const height = Math.max(1, Math.round((image.height * maxWidth) / image.width));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sourceY = Math.floor((y * image.height) / height);
    for (let x = 0; x < width; x++) {
      const sourceX = Math.floor((x * image.width) / width);
      const from = (sourceY * image.width + sourceX) * 4;
      pixels.set(image.pixels.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { width, height, pixels };
}

function readHeader(body: Buffer): { width: number; height: number; colorType: number } {
  const [depth, colorType, , , interlace] = body.subarray(8, 13);
  if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) {
    throw new UnsupportedImage('only 8-bit RGB or RGBA PNGs without interlacing are supported');
  }
  return { width: body.readUInt32BE(0), height: body.readUInt32BE(4), colorType };
}

/** Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth). */
function unfilter(data: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const value = data[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (out[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (out[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0;
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}
