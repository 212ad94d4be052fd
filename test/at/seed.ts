import { fileURLToPath } from "node:url";
import { seedBlocks } from "../../tools/decode/seed";

/** A real EC600S session to Aliyun, as the blog post the product started from shows it. */
export const SEED_FILE = fileURLToPath(new URL("../fixtures/seed-ec600s-aliyun.html.txt", import.meta.url));

/**
 * The seed's session (blocks from "RDY" to "+QMTPUBEX") as the bytes the modem sent: the
 * blog shows one line per CRLF, with echo on (commands appear in the output).
 */
export function seedModemOutput(): string {
  const blocks = seedBlocks(SEED_FILE);
  const start = blocks.findIndex((b) => b.startsWith("RDY"));
  return blocks
    .slice(start)
    .map((b) => b.split("\n").join("\r\n") + "\r\n")
    .join("");
}
