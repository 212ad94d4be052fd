import { decode } from "./decode/cli";

const USAGE = `usage: cat1-switch <command>
  decode <file|->   print each modem event of a raw UART capture as one JSON line`;

/** Entry of the `cat1-switch` command. Exit codes: 0 ok, 1 failure, 2 usage. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "decode" && rest.length === 1) {
    try {
      await decode(rest[0], process.stdout);
      return 0;
    } catch (e) {
      process.stderr.write(`cat1-switch decode: ${(e as Error).message}\n`);
      return 1;
    }
  }
  process.stderr.write(USAGE + "\n");
  return 2;
}
