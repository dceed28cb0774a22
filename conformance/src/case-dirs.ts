// Where the cases live by default: the shared LocalStack corpus and our own, resolved from the repository root.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const defaultCaseDirs = [
  resolve(repoRoot, '../shared/conformance/localstack/cases'),
  resolve(repoRoot, 'conformance/cases'),
];

export const floorFile = resolve(repoRoot, 'conformance/floor.json');
