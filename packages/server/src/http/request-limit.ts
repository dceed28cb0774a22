// The concurrent-request limit (`serve --max-requests N`): at most N API requests are served at once; one more
// is answered at once with AWS's ThrottlingException, so a flood queues in the clients' retries, not in the
// server's memory. The console's pages and live streams are not API calls and are not counted.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../service/errors.ts';
import { renderError } from './protocol.ts';

/** A guard for the server: true when it has refused the request. */
export function requestLimit(max: number): (req: IncomingMessage, res: ServerResponse) => boolean {
  let inFlight = 0;
  return (req, res) => {
    if (!isApiCall(req)) return false;
    if (inFlight >= max) {
      const error = new ApiError('ThrottlingException', 'Rate exceeded');
      const { status, body } = renderError(error);
      // The request's body is not read: the connection closes after the answer rather than carry it over.
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
        'x-amzn-errortype': error.type,
        connection: 'close',
      });
      res.end(body);
      return true;
    }
    inFlight++;
    res.once('close', () => {
      inFlight--;
    });
    return false;
  };
}

/** AWS-protocol calls: anything but a GET or HEAD, or a signed one (Scheduler's REST reads). */
function isApiCall(req: IncomingMessage): boolean {
  return (req.method !== 'GET' && req.method !== 'HEAD') || req.headers.authorization !== undefined;
}
