/**
 * Text from the cloud or the UART, made safe for a terminal: a set id or a module's error
 * line can carry ESC/BEL/CSI sequences that retitle the window, clear the screen or fake
 * log lines. Control characters become `\xNN` (C0, DEL) or `\uNNNN` (C1, line separators,
 * bidi overrides); everything else, including non-Latin text, stays as it is. Backslashes
 * are left alone so that text escaped once (the AT trace) reads the same.
 */
export function printable(text: string): string {
  // A fresh literal per call: no global RegExp (and its lastIndex) at module level.
  return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeOne);
}

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x80 ? "\\x" + code.toString(16).padStart(2, "0") : "\\u" + code.toString(16).padStart(4, "0");
}
