// Where a server keeps its data: a SQLite file in a directory (one node), or a PostgreSQL database (any
// number of nodes); the command line parses it, and the server's stores are opened and named from it.

import type { Synchronous } from './sqlite/sqlite-store.ts';

/** synchronous: SQLite's setting; NORMAL (the default) may lose the last commits on power loss, FULL may not. */
export type StoreLocation =
  { kind: 'sqlite'; dataDir: string; synchronous: Synchronous } | { kind: 'postgres'; url: string };
