// Serves the built web console: the files of its dist folder, and index.html for every other GET path, since
// the console routes with the History API (a shared or reloaded URL must load the page, which then routes).

import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/**
 * The page may load only what this server serves: scripts, workers and fonts from here, API calls to here.
 * CodeMirror injects its styles at run time, hence 'unsafe-inline' for styles only (no script may be inline).
 */
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** A GET/HEAD handler for the console's files under `distDir` (the output of its Vite build). */
export function consoleAssets(distDir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = normalize(distDir + sep);
  return async (req, res) => {
    const path = decodePath(new URL(req.url ?? '/', 'http://console').pathname);
    const file = path === undefined ? undefined : normalize(join(root, path));
    // Hashed build files never change under one name; anything else (a console route) is the page itself.
    if (file !== undefined && file.startsWith(root) && file !== root && (await isFile(file))) {
      const immutable = path?.startsWith('/assets/') === true;
      await sendFile(req, res, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    const index = join(root, 'index.html');
    if (await isFile(index)) {
      await sendFile(req, res, index, 'no-cache');
      return;
    }
    const text = 'The Stepwise console is not built. Run `npm install` (or `npm run build -w packages/console`).\n';
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}

function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<void> {
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': cacheControl,
    ...securityHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
