// What another account's key reads of `GET /metrics` (serve --auth with keys of several accounts): only the
// samples of its own resources, those whose labels name an ARN of its account (Step Functions' metrics per
// state machine, Lambda function and activity). The server's own metrics and the service-integration ones
// (whose ARNs name no account) are the server account's alone.

/** The Prometheus text with only `account`'s samples, each family's HELP and TYPE kept before them. */
export function accountMetricsText(text: string, account: string): string {
  const own = new RegExp(`="arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:${account}:`);
  const out: string[] = [];
  let header: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# HELP ')) header = [line];
    else if (line.startsWith('#')) header.push(line);
    else if (line !== '' && own.test(line)) {
      out.push(...header, line);
      header = [];
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
