// A `stepwise serve --auth` for the bench, with a client that signs every call with @smithy/signature-v4, to
// measure what checking signatures costs the server.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256Checksum } from 'stepwise/testing';
import { ApiClient, startServer, type BenchServer, type RequestSigner } from './server.ts';

const key = {
  accessKeyId: 'AKIDBENCH',
  secretAccessKey: 'bench-secret-key-0123',
  account: '123456789012',
  readOnly: false,
};

export interface SignedServer {
  server: BenchServer;
  client: ApiClient;
  stop(): Promise<void>;
}

/** `binary`: another build's `stepwise` (an old commit's, for an A/B run); this checkout's when absent. */
export async function startSignedServer(sockets: number, binary?: string): Promise<SignedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-keys-'));
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([key]));
  chmodSync(keys, 0o600);
  const server = await startServer(['--auth', keys], binary);
  const client = new ApiClient(server.url, sockets, signer());
  return {
    server,
    client,
    stop: async () => {
      client.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function signer(): RequestSigner {
  const sigv4 = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'states', sha256: Sha256Checksum });
  return async ({ host, port, headers, body }) => {
    const request = { method: 'POST', protocol: 'http:', hostname: host, port, path: '/', body };
    const signed = await sigv4.sign({ ...request, headers: { ...headers, host: `${host}:${String(port)}` } });
    return signed.headers;
  };
}
