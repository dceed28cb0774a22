// Jest for the test kit's spec: TypeScript ESM (the kit and the project are ESM with .ts imports), each file
// turned into JavaScript by esbuild (esbuild-transform.js), run with Node's VM modules.
export default {
  rootDir: '.',
  testMatch: ['<rootDir>/*.spec.ts'],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '\\.ts$': '<rootDir>/esbuild-transform.js' },
};
