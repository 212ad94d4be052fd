/** The longest console line kept; a longer one is refused whole, in one line. */
export const CONSOLE_LINE_MAX = 200;

const CR = 13;
const LF = 10;
const BS = 8;
const DEL = 127;
const TAB = 9;

/** Where finished lines go: the text, or the reason the line was refused. */
export interface ConsoleLineSink {
  line(text: string): void;
  refused(reason: string): void;
}

/**
 * Line editing for the serial console, fed byte by byte as they arrive (UART0 on the ESP32,
 * stdin on a PC). A line ends at CR, LF or CRLF (the LF after a CR ends nothing more),
 * backspace and DEL take back one character, tabs are spaces, other control bytes are
 * dropped. Nothing is echoed: a terminal that echoes locally shows what was typed, and a
 * secret typed into `set` never comes back from the device. Bytes live in one preallocated
 * buffer; a string is made only for a finished line.
 */
export class ConsoleLines {
  private readonly buffer = new Uint8Array(CONSOLE_LINE_MAX);
  private length = 0;
  private overflow = false;
  private nonAscii = false;
  private afterCr = false;
  private readonly sink: ConsoleLineSink;

  constructor(sink: ConsoleLineSink) {
    this.sink = sink;
  }

  /** Bytes [offset, offset + count) of `bytes`. */
  feed(bytes: Uint8Array, offset: number, count: number): void {
    const end = offset + count;
    for (let i = offset; i < end; i++) this.byte(bytes[i]);
  }

  // A call per byte: a console is typed, or pasted a line at a time, never a stream.
  private byte(b: number): void {
    const lfOfCrlf = b === LF && this.afterCr;
    this.afterCr = b === CR;
    if (lfOfCrlf) return;
    if (b === CR || b === LF) this.finish();
    else if (b === BS || b === DEL) this.erase();
    else this.printable(b);
  }

  private printable(b: number): void {
    if (b >= 32) this.put(b);
    else if (b === TAB) this.put(32);
  }

  private put(b: number): void {
    if (b > DEL) this.nonAscii = true;
    if (this.length < CONSOLE_LINE_MAX) this.buffer[this.length++] = b;
    else this.overflow = true;
  }

  private erase(): void {
    if (this.length > 0 && !this.overflow) this.length--;
  }

  private finish(): void {
    const n = this.length;
    const overflow = this.overflow;
    const nonAscii = this.nonAscii;
    this.length = 0;
    this.overflow = false;
    this.nonAscii = false;
    if (overflow) return this.sink.refused("line longer than " + CONSOLE_LINE_MAX + " characters: ignored");
    if (nonAscii) return this.sink.refused("line holds bytes that are not ASCII: ignored");
    let text = "";
    for (let i = 0; i < n; i++) text += String.fromCharCode(this.buffer[i]);
    this.sink.line(text);
  }
}
