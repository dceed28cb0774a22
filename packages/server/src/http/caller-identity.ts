// Who a caller is in AWS's words (CloudTrail's userIdentity, IAM's ARN): made once per key, not per request, and
// shared by the audit trail and the AccessDenied messages.

/** CloudTrail's `userIdentity` of a call. */
export interface UserIdentity {
  readonly type: 'IAMUser' | 'AWSAccount';
  readonly accountId: string;
  readonly accessKeyId?: string;
  /** The IAM user's ARN (keys only). */
  readonly arn?: string;
}

/** A key's caller as IAM names it (an IAM user named by its key id), or an account's own when no key signed. */
export function userIdentityOf(caller: { accessKeyId?: string; account: string }): UserIdentity {
  if (caller.accessKeyId === undefined) return Object.freeze({ type: 'AWSAccount', accountId: caller.account });
  return Object.freeze({
    type: 'IAMUser',
    accountId: caller.account,
    accessKeyId: caller.accessKeyId,
    arn: `arn:aws:iam::${caller.account}:user/${caller.accessKeyId}`,
  });
}
