/** Where a serial adapter delivers: the firmware core (`Firmware` satisfies this). */
export interface UartSink {
  /** Bytes [0, length) of `bytes`; the buffer may be reused after the call returns. */
  receive(bytes: Uint8Array, length: number): void;
  /** The transmitter has room again. */
  writable(): void;
}

/** Both directions of the UART, for an AT trace (see at-trace.ts). */
export interface UartTap {
  tx(bytes: Uint8Array): void;
  rx(bytes: Uint8Array): void;
  /** Print anything held back (at stop). */
  flush?(): void;
}
