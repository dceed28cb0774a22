// What one SigV4 check costs in this process, for two verifiers in turns (old and new code): CPU microseconds
// and bytes of JS heap allocated per check, over the same StartExecution calls signed ahead by the AWS SDK's
// signer, each verifier checking every call and having to accept it.

import { setFlagsFromString } from 'node:v8';
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256Checksum } from 'stepwise/testing';

interface SignedRequest {
  method: string;
  url: string;
  rawHeaders: readonly string[];
  body: Buffer;
}

interface VerifyOptions {
  secretOf(accessKeyId: string): { secretAccessKey: string } | undefined;
  region: string;
  services: ReadonlySet<string>;
  now: () => number;
}

/** The verifier module's export, as both the old and the new code have it. */
export interface VerifyModule {
  verifySigV4(request: SignedRequest, options: VerifyOptions): string;
}

export interface VerifyCost {
  micros: number[];
  bytes: number[];
}

const key = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret-key-0123' };
const signedAt = Date.UTC(2026, 11, 6, 8, 0, 0);
const calls = 2000;
/** Checks per heap reading: few enough that no scavenge runs between a forced GC and the reading. */
const heapBatch = 200;

/** The same calls as http-start's StartExecution, signed as the bench's client signs them. */
async function signedCalls(): Promise<SignedRequest[]> {
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'states', sha256: Sha256Checksum });
  const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:ab';
  return Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      const body = JSON.stringify({ stateMachineArn: arn, name: `run-${String(i)}`, input: JSON.stringify({ id: i }) });
      const headers = {
        host: '127.0.0.1:8083',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.StartExecution',
        'content-length': String(Buffer.byteLength(body)),
      };
      const request = {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 8083,
        path: '/',
        headers,
        body,
      };
      const signed = await signer.sign(request, { signingDate: new Date(signedAt) });
      return { method: 'POST', url: '/', rawHeaders: Object.entries(signed.headers).flat(), body: Buffer.from(body) };
    }),
  );
}

function optionsFor(): VerifyOptions {
  return {
    secretOf: (id) => (id === key.accessKeyId ? key : undefined),
    region: 'us-east-1',
    services: new Set(['states']),
    now: () => signedAt,
  };
}

function cpuMicrosPerCheck(verify: VerifyModule, requests: SignedRequest[], options: VerifyOptions): number {
  const passes = 5;
  const started = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) {
    for (const request of requests)
      if (verify.verifySigV4(request, options) !== key.accessKeyId) throw new Error('refused');
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / (passes * requests.length);
}

function heapBytesPerCheck(
  verify: VerifyModule,
  requests: SignedRequest[],
  options: VerifyOptions,
  gc: () => void,
): number {
  const readings: number[] = [];
  for (let at = 0; at + heapBatch <= requests.length; at += heapBatch) {
    gc();
    const before = getHeapStatistics().used_heap_size;
    for (let i = at; i < at + heapBatch; i++) verify.verifySigV4(requests[i] as SignedRequest, options);
    readings.push((getHeapStatistics().used_heap_size - before) / heapBatch);
  }
  readings.sort((a, b) => a - b);
  return readings[Math.floor(readings.length / 2)] ?? Number.NaN;
}

/** `repeats` turns of each verifier (old first on even repeats), after one untimed warm-up pass each. */
export async function verifyCosts(
  verifiers: { old: VerifyModule; new: VerifyModule },
  repeats: number,
): Promise<{ old: VerifyCost; new: VerifyCost }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const requests = await signedCalls();
  const options = optionsFor();
  const costs = { old: { micros: [], bytes: [] } as VerifyCost, new: { micros: [], bytes: [] } as VerifyCost };
  for (const which of ['old', 'new'] as const) cpuMicrosPerCheck(verifiers[which], requests, options);
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const which of repeat % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
      costs[which].micros.push(cpuMicrosPerCheck(verifiers[which], requests, options));
      costs[which].bytes.push(heapBytesPerCheck(verifiers[which], requests, options, gc));
    }
  }
  return costs;
}
