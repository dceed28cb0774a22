// The PostgreSQL store's storage faults: a connection lost or refused, a full disk or a read-only database
// on the database server, named as a StorageFault (503 ServiceUnavailable at the API, as SQLite's are), so
// that a client reads what is wrong, the node carries on, and it serves again once the database is back.

import { StorageFault, storageFaultOf } from '../storage-fault.ts';

/** Node's socket errors for a database server that is down, unreachable or gone mid-query. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATEs of the server going away: admin, crash or startup shutdown (class 08 is the connection's own). */
const shutdownCodes = new Set(['57P01', '57P02', '57P03']);
/** node-postgres says so in words, without a code, when the socket closes under a query. */
const lostConnection = /^Connection terminated|^Connection ended|timeout exceeded when trying to connect/;

/** The storage fault `error` is, with `where` the database (its URL without password); else undefined. */
export function pgStorageFaultOf(error: unknown, where: string): StorageFault | undefined {
  if (error instanceof StorageFault) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (socketCodes.has(code) || shutdownCodes.has(code) || code.startsWith('08')) {
      return new StorageFault('the database cannot be reached', where, code);
    }
    // The disk of the database server is full (53100), or the database is read-only (25006, a standby).
    return code === '53100' || code === '25006' ? storageFaultOf(error, where) : undefined;
  }
  if (error instanceof Error && lostConnection.test(error.message)) {
    return new StorageFault('the connection to the database was lost', where, error.message);
  }
  return undefined;
}

/** `error` as a StorageFault when it is one, otherwise unchanged (as an Error). */
export function asPgStorageFault(error: unknown, where: string): Error {
  return pgStorageFaultOf(error, where) ?? (error instanceof Error ? error : new Error(String(error)));
}
