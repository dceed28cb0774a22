// Another AWS API served on the API's port (EventBridge, Scheduler, Pipes, webhooks): it claims the requests it
// answers, by header or path, before the Step Functions API and the console see them.

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpService {
  claims(req: IncomingMessage): boolean;
  /** Answers the request; never rejects (errors are answered in the service's protocol). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}
