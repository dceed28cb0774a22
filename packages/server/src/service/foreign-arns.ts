// Which ARN of a request belongs to another account: such a request is refused (AccessDenied), not served.

const arnAccount = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** Members that hold a name or an ARN (CloudWatch Logs' logGroupIdentifier). */
const nameOrArn = new Set(['logGroupIdentifier']);

/** The first ARN-valued member (a key ending in "Arn", at any depth, definitions aside) of another account. */
export function foreignArn(value: unknown, account: string, key = ''): string | undefined {
  if (typeof value === 'string') {
    if (!/arn$/i.test(key) && !nameOrArn.has(key)) return undefined;
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
  for (const [name, member] of Object.entries(value)) {
    const found = foreignArn(member, account, name);
    if (found !== undefined) return found;
  }
  return undefined;
}
