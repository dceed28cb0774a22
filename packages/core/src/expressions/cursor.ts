// A read position over expression text, shared by the JSONPath, filter and intrinsic parsers.

/** Invalid path or intrinsic syntax, found when a definition is compiled (never while evaluating). */
export class PathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathSyntaxError';
  }
}

export class Cursor {
  pos: number;

  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  /** The character `offset` ahead, or '' past the end. */
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  skipSpaces(): void {
    while (isSpace(this.peek())) this.pos += 1;
  }

  /** Consumes `token` if it comes next. */
  eat(token: string): boolean {
    if (!this.startsWith(token)) return false;
    this.pos += token.length;
    return true;
  }

  /** Skips spaces, then consumes `token` if it comes next. */
  eatAfterSpaces(token: string): boolean {
    this.skipSpaces();
    return this.eat(token);
  }

  expect(token: string): void {
    if (!this.eat(token)) this.fail(`Expected '${token}'`);
  }

  fail(problem: string): never {
    const found = this.atEnd() ? 'end of text' : `'${this.peek()}'`;
    throw new PathSyntaxError(`${problem} but found ${found} at position ${this.pos} in '${this.text}'`);
  }

  /** Reads an optionally signed integer, or returns undefined when none comes next. */
  readInteger(): number | undefined {
    const start = this.pos;
    if (this.peek() === '-') this.pos += 1;
    while (isDigit(this.peek())) this.pos += 1;
    if (this.pos === start || this.text.slice(start, this.pos) === '-') {
      this.pos = start;
      return undefined;
    }
    return Number(this.text.slice(start, this.pos));
  }
}

export function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

export function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

export function isIdentifierChar(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || isDigit(char) || char === '_';
}
