// Reads an uploaded image's size and judges its quality: images under 16 pixels on a side fail the check.
import { statSync } from 'node:fs';
import { readImage } from './image-files.ts';

export function handler(event: { image: string }): {
  width: number;
  height: number;
  bytes: number;
  imageQuality: 'Pass' | 'Fail';
} {
  const { width, height } = readImage(event.image);
  const imageQuality = width >= 16 && height >= 16 ? 'Pass' : 'Fail';
  return { width, height, bytes: statSync(event.image).size, imageQuality };
}
