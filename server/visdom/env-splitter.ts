/**
 * Splits a Visdom saved-env file (`{"jsons": {id: window, ...}, "reload": {...}}`) into
 * its windows as it streams in, so an import holds one window's text at a time, never
 * the whole file. It only scans (strings, escapes, nesting); each window's text is
 * parsed by the caller. Given another top-level key whose value is an array (runboard's
 * own export, `{"env", "windows": [...]}`), it yields the array's elements, numbered.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;

export class EnvFileSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1, or depth 2 inside "jsons": the next string is a key. */
  private expectKey = false;
  private capturingKey = false;
  private keyText = '';
  private lastTopKey = '';
  private inJsons = false;
  private sawJsons = false;
  private windowId = '';
  /** Waiting for the first character of a window value (after its key's colon). */
  private awaitingValue = false;
  /** Parts of the window being captured (null when not capturing). */
  private parts: string[] | null = null;
  /** The container is an array: elements have no keys, and are numbered from 0. */
  private inArray = false;

  /** `container`: the top-level key whose members are the windows. */
  constructor(private readonly container = 'jsons') {}

  /** Feeds the next piece of the file; returns the windows completed in it, as [id, JSON text]. */
  push(chunk: string): [string, string][] {
    const out: [string, string][] = [];
    let from = this.parts ? 0 : -1; // start of the capture within this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.capturingKey) this.keyText += chunk[i];
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.capturingKey) this.endKey();
        }
        continue;
      }
      if (this.awaitingValue && c > 32 && c !== CLOSE_BRACKET) {
        this.awaitingValue = false;
        this.parts = [];
        from = i;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.expectKey && (this.depth === 1 || (this.depth === 2 && this.inJsons && !this.inArray))) {
            this.capturingKey = true;
            this.keyText = '"';
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.depth++;
          if (c === OPEN_BRACE && this.depth === 1) this.expectKey = true;
          if (c === OPEN_BRACE && this.depth === 2 && this.lastTopKey === this.container) {
            this.inJsons = true;
            this.sawJsons = true;
            this.expectKey = true;
          }
          if (c === OPEN_BRACKET && this.depth === 2 && this.lastTopKey === this.container) {
            this.inJsons = this.inArray = this.sawJsons = this.awaitingValue = true;
            this.windowId = '0';
          }
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.depth--;
          if (this.depth === 2 && this.parts) {
            this.parts.push(chunk.slice(from, i + 1));
            out.push([this.windowId, this.parts.join('')]);
            this.parts = null;
            from = -1;
          } else if (this.depth === 1 && this.inJsons) {
            // The end of "jsons" also ends a window value that was not an object (null, a string, ...).
            if (this.parts) out.push([this.windowId, this.endPrimitive(chunk, from, i)]);
            from = -1;
            this.inJsons = this.inArray = this.awaitingValue = false;
          }
          break;
        case COLON:
          if (this.depth === 1 || (this.depth === 2 && this.inJsons)) this.expectKey = false;
          if (this.depth === 2 && this.inJsons) this.awaitingValue = true;
          break;
        case COMMA:
          if (this.depth === 1 || (this.depth === 2 && this.inJsons && !this.inArray)) this.expectKey = true;
          if (this.depth === 2 && this.parts) {
            out.push([this.windowId, this.endPrimitive(chunk, from, i)]);
            from = -1;
          }
          if (this.depth === 2 && this.inArray) {
            this.awaitingValue = true;
            this.windowId = String(Number(this.windowId) + 1);
          }
          break;
      }
    }
    if (this.parts && from >= 0) this.parts.push(chunk.slice(from));
    return out;
  }

  /** Whether the container has been read to its end. */
  get complete(): boolean {
    return this.sawJsons && !this.inJsons;
  }

  /** Throws unless the whole file was one object with a "jsons" object (or the container) in it. */
  end(): void {
    if (this.depth !== 0 || this.inString || !this.sawJsons) {
      throw new Error(`not a Visdom env file: expected {"jsons": {...}, "reload": {...}}, complete`);
    }
  }

  private endPrimitive(chunk: string, from: number, to: number): string {
    this.parts!.push(chunk.slice(from, to));
    const text = this.parts!.join('');
    this.parts = null;
    return text;
  }

  private endKey(): void {
    this.capturingKey = false;
    const key = JSON.parse(this.keyText) as string;
    if (this.depth === 1) this.lastTopKey = key;
    else this.windowId = key;
  }
}
