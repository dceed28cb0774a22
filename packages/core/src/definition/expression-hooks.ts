// The one place where definition validation asks the expressions module about path and intrinsic syntax.

import { checkIntrinsic, checkPath } from '../expressions/index.ts';

export interface PathOptions {
  /** A reference path (ResultPath, ItemsPath, *Path fields): no `..`, `*`, filters, unions or slices. */
  reference: boolean;
}

/** An error message when `text` is not a valid JSONPath (with `$$` context and `$var` variables), else undefined. */
export function checkPathSyntax(text: string, options: PathOptions): string | undefined {
  return checkPath(text, options);
}

/** An error message when `text` is not a valid intrinsic function call, else undefined. */
export function checkIntrinsicSyntax(text: string): string | undefined {
  return checkIntrinsic(text);
}
