// Reading and writing the pipeline's images (PNG, through the image-moderation example's codec); not a
// function: it has no handler, the functions import it.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodePng, encodePng, type Image } from '../../image-moderation/functions/png.ts';

export type { Image };

export function readImage(file: string): Image {
  return decodePng(readFileSync(file));
}

/** Writes `image` as `<dir>/<name of source without .png>.<suffix>.png` and returns that path. */
export function writeImage(image: Image, dir: string, source: string, suffix: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${basename(source).replace(/(\.[a-z]+)*\.png$/i, '')}.${suffix}.png`);
  writeFileSync(file, encodePng(image));
  return file;
}

/** A new image with every pixel's RGB replaced by `map(r, g, b)`; alpha kept. */
export function mapPixels(image: Image, map: (r: number, g: number, b: number) => [number, number, number]): Image {
  const pixels = new Uint8Array(image.pixels);
  for (let at = 0; at < pixels.length; at += 4) {
    const [r, g, b] = map(pixels[at] ?? 0, pixels[at + 1] ?? 0, pixels[at + 2] ?? 0);
    pixels[at] = Math.min(255, Math.round(r));
    pixels[at + 1] = Math.min(255, Math.round(g));
    pixels[at + 2] = Math.min(255, Math.round(b));
  }
  return { width: image.width, height: image.height, pixels };
}
