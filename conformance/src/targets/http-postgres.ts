// The http-postgres target: the http target's cases, through the AWS SDK only, against a server whose
// store is PostgreSQL (the postgres target's throwaway cluster and database, emptied before each case), so
// that what a client sees of a node on PostgreSQL is checked case by case against AWS's recordings.

import type { Target } from '../target.ts';
import { httpTargetOn } from './http.ts';
import { closePostgresDatabase, emptiedPostgresStore, openPostgresDatabase } from './postgres.ts';

export const httpPostgresTarget: Target = httpTargetOn('http-postgres', {
  // The store stays open for the next case: emptying it is the next case's start.
  open: async () => ({ store: await emptiedPostgresStore(), release: () => Promise.resolve() }),
  start: openPostgresDatabase,
  stop: closePostgresDatabase,
});
