// Which ARN of a request belongs to another account: such a request is refused (AccessDenied), not served.

const arnAccount = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** Members that hold a name or an ARN (CloudWatch Logs' logGroupIdentifier). */
const nameOrArn = new Set(['logGroupIdentifier']);

/** The first ARN-valued member (a key ending in "Arn", at any depth, definitions aside) of another account. */
export function foreignArn(value: unknown, account: string, key = ''): string | undefined {
  if (typeof value === 'string') {
    if (!endsWithArn(key) && !nameOrArn.has(key)) return undefined;
    const match = arnAccount.exec(value);
    return match !== null && match[1] !== account ? value : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = foreignArn(item, account, key);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  // for...in over a parsed JSON body (own, enumerable members only): no array of entries per object.
  const members = value as Record<string, unknown>;
  for (const name in members) {
    const found = foreignArn(members[name], account, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether a member's name ends in "arn", in any case (checked on every member of every call). */
function endsWithArn(key: string): boolean {
  const n = key.length;
  return (
    n >= 3 &&
    (key.charCodeAt(n - 3) | 0x20) === 97 &&
    (key.charCodeAt(n - 2) | 0x20) === 114 &&
    (key.charCodeAt(n - 1) | 0x20) === 110
  );
}
