// What the command line's tests call: `main` with its output captured, and the Step Functions API (AWS JSON
// 1.0, unsigned) of a server they started.

import type { Io } from './io.ts';
import { main } from './main.ts';

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** `stepwise ARGV…` in this process; standard output and error as text, line by line. */
export async function cli(...argv: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** One Step Functions operation on the server at `url`; its answer, parsed. */
export async function callApi(url: string, operation: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}
