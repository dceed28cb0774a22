// The SQLite statements of the HTTP start routes made through the console: each kept as JSON under its key
// (method and path shape).

import { text, type Db } from './db.ts';

export function insertRoute(db: Db, key: string, route: object): boolean {
  return db.run('INSERT OR IGNORE INTO http_routes (key, route) VALUES (?, ?)', key, JSON.stringify(route)) === 1;
}

export function selectRoutes<T>(db: Db): T[] {
  return db.all('SELECT route FROM http_routes ORDER BY seq').map((row) => JSON.parse(text(row, 'route')) as T);
}

export function removeRoute(db: Db, key: string): boolean {
  return db.run('DELETE FROM http_routes WHERE key = ?', key) === 1;
}
