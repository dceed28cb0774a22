// Analyses an uploaded image: decodes it and scores it with a deterministic heuristic (the share of
// skin-toned pixels, a classic naive filter), plus a name check. No network, no model: same file, same answer.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decodePng, type Image } from './png.ts';

interface Upload {
  image: string;
}

export interface Analysis {
  file: string;
  width: number;
  height: number;
  skinRatio: number;
  labels: string[];
  safe: boolean;
}

/** Above this share of skin-toned pixels an image goes to a human moderator. */
const skinThreshold = 0.4;
const blockedWords = ['nsfw', 'explicit'];

export function handler(event: Upload): Analysis {
  // A missing file throws ENOENT: the state machine catches it as an invalid upload.
  const image = decodePng(readFileSync(event.image));
  const skinRatio = Math.round(skinShare(image) * 1000) / 1000;
  const name = basename(event.image).toLowerCase();
  const labels = [
    ...(skinRatio > skinThreshold ? ['skin-tones'] : []),
    ...blockedWords.filter((word) => name.includes(word)).map((word) => `name:${word}`),
  ];
  return { file: event.image, width: image.width, height: image.height, skinRatio, labels, safe: labels.length === 0 };
}

/** Kovac et al.'s RGB rule for skin colour under daylight. */
function skinShare(image: Image): number {
  let skin = 0;
  const count = image.width * image.height;
  for (let i = 0; i < count; i++) {
    const r = image.pixels[i * 4] ?? 0;
    const g = image.pixels[i * 4 + 1] ?? 0;
    const b = image.pixels[i * 4 + 2] ?? 0;
    const spread = Math.max(r, g, b) - Math.min(r, g, b);
    if (r > 95 && g > 40 && b > 20 && spread > 15 && Math.abs(r - g) > 15 && r > g && r > b) skin++;
  }
  return count === 0 ? 0 : skin / count;
}
