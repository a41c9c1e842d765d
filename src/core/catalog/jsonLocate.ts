/** A span in a text file; line and column are 1-based. */
export interface TextSpan {
  offset: number;
  length: number;
  line: number;
  column: number;
}

/**
 * Finds where the field at `path` (as zod reports it) sits in a JSON text, so an error can be shown
 * on the right line. For a member it returns the key; when the path does not exist (a missing
 * required field) it returns the deepest enclosing value that does. Undefined when the text is not
 * JSON. A small scanner rather than a parser dependency: catalog files are plain JSON.
 */
export function locateJsonPath(text: string, path: ReadonlyArray<string | number>): TextSpan | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.ws();
    const found = scanner.find(path, 0);
    return found ? span(text, found.offset, found.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Line and column (1-based) of a character offset. */
export function span(text: string, offset: number, length = 1): TextSpan {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: clamped, length, line, column: clamped - lineStart + 1 };
}

/** Where `JSON.parse` stopped, from its message (V8 says "at position N" or "(line L column C)"). */
export function jsonSyntaxErrorSpan(text: string, message: string): TextSpan {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split('\n');
    const line = Number(lc[1]);
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i] as string).length + 1;
    return span(text, offset + Number(lc[2]) - 1);
  }
  const pos = /position (\d+)/.exec(message);
  return span(text, pos ? Number(pos[1]) : 0);
}

interface Hit {
  offset: number;
  length: number;
}

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++;
  }

  /** At the start of a value: returns the hit for `path[depth..]`, leaving the cursor after the value. */
  find(path: ReadonlyArray<string | number>, depth: number): Hit | undefined {
    const start = this.i;
    const ch = this.s[this.i];
    if (depth === path.length) {
      this.skipValue();
      // A whole object or array is underlined by its opening bracket only.
      return { offset: start, length: ch === '{' || ch === '[' ? 1 : Math.max(1, this.i - start) };
    }
    const want = path[depth];
    let best: Hit | undefined;
    if (ch === '{') {
      this.i++;
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return { offset: start, length: 1 };
      }
      for (;;) {
        this.ws();
        const keyStart = this.i;
        const key = this.string();
        const keyLength = this.i - keyStart;
        this.ws();
        this.expect(':');
        this.ws();
        if (key === String(want) && best === undefined) {
          best = depth + 1 === path.length ? { offset: keyStart, length: keyLength } : this.find(path, depth + 1);
          if (depth + 1 === path.length) this.skipValue();
        } else this.skipValue();
        this.ws();
        if (this.s[this.i] === ',') this.i++;
        else break;
      }
      this.expect('}');
    } else if (ch === '[') {
      this.i++;
      this.ws();
      let index = 0;
      if (this.s[this.i] !== ']') {
        for (;;) {
          this.ws();
          if (index === want && best === undefined) best = this.find(path, depth + 1);
          else this.skipValue();
          index++;
          this.ws();
          if (this.s[this.i] === ',') this.i++;
          else break;
        }
      }
      this.expect(']');
    } else {
      this.skipValue();
    }
    return best ?? { offset: start, length: 1 };
  }

  private skipValue(): void {
    const ch = this.s[this.i];
    if (ch === '"') {
      this.string();
      return;
    }
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      this.i++;
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        if (ch === '{') {
          this.string();
          this.ws();
          this.expect(':');
          this.ws();
        }
        this.skipValue();
        this.ws();
        if (this.s[this.i] === ',') this.i++;
        else break;
      }
      this.expect(close);
      return;
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) throw new Error(`unexpected character at ${this.i}`);
    this.i += m[0].length;
  }

  private string(): string {
    this.expect('"');
    const start = this.i;
    while (this.i < this.s.length && this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    const raw = this.s.slice(start, this.i);
    this.expect('"');
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private expect(c: string): void {
    if (this.s[this.i] !== c) throw new Error(`expected ${c} at ${this.i}`);
    this.i++;
  }
}
