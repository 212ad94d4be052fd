/**
 * `npm start`: the switch on this PC. Starts the embedded broker, the simulated EC600S and the
 * firmware, and serves the web console (or, with --headless, prints state changes). Errors a
 * user can fix (flags, an unreachable broker or port) are one line on stderr and exit 2 (usage)
 * or 1; SIGINT/SIGTERM stop everything cleanly and exit 0.
 */
import { ConfigError } from "../../src/app/config";
import { parseCli, USAGE, UsageError, type CliOptions } from "./args";
import { banner } from "./banner";
import { BrokerUrlError } from "./broker-url";
import { printEvents } from "./headless";
import { printable } from "./printable";
import { RigError } from "./rig";
import { startSession, type Session } from "./session";
import { StorageError } from "./storage";
import { UartOpenError } from "./uart";
import { startWebConsole, WebConsoleError, type WebConsole } from "./web/server";

const NAME = "cat1-switch";
const STOP_GRACE_MS = 5000;

const say = (line: string): void => void process.stdout.write(line + "\n");
const complain = (line: string): void => void process.stderr.write(`${NAME}: ${line}\n`);

/** Problems with a clear cause: their message is the whole story. */
function isExpected(error: unknown): error is Error {
  return [UsageError, BrokerUrlError, UartOpenError, RigError, ConfigError, WebConsoleError, StorageError, RangeError].some((k) => error instanceof k);
}

async function run(cli: CliOptions): Promise<void> {
  const session = await startSession(cli, cli.trace ? say : undefined, cli.serialConsole ? say : undefined);
  let web: WebConsole | null = null;
  try {
    for (const line of banner(session)) say(`${NAME}: ${line}`);
    for (const notice of session.notices) complain(printable(notice));
    if (cli.headless) printEvents(session.rig, say);
    else web = await startWebConsole(session, cli.httpPort);
    if (web) say(`${NAME}: web console on ${web.url}`);
    session.rig.start();
    readConsole(session, cli.serialConsole);
  } catch (error) {
    await session.stop();
    throw error;
  }
  stopOnSignals(session, web);
}

/** --serial-console: stdin as the board's USB UART (a terminal sends a line at a time, ended by LF). */
function readConsole(session: Session, wanted: boolean): void {
  if (!wanted) return;
  say(`${NAME}: serial console on stdin (help lists the commands)`);
  process.stdin.on("data", (chunk: Buffer) => session.rig.consoleInput(chunk.toString("latin1")));
}

function stopOnSignals(session: Session, web: WebConsole | null): void {
  const stop = async (signal: string): Promise<void> => {
    say(`${NAME}: ${signal}, stopping`);
    // A stop that hangs must not leave a process nobody can end with one Ctrl-C.
    setTimeout(() => {
      complain("did not stop in time");
      process.exit(1);
    }, STOP_GRACE_MS).unref();
    await web?.close();
    await session.stop();
    say(`${NAME}: stopped`);
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

async function main(argv: string[]): Promise<void> {
  let cli: CliOptions;
  try {
    cli = parseCli(argv);
  } catch (error) {
    complain(`${printable((error as Error).message)} (see --help)`);
    process.exit(2);
  }
  if (cli.help) return void process.stdout.write(USAGE);
  try {
    await run(cli);
  } catch (error) {
    // An expected error's one line can quote a flag, a file or a module's answer: escaped like a log line.
    complain(isExpected(error) ? printable(error.message) : String((error as Error).stack ?? error));
    process.exit(1);
  }
}

void main(process.argv.slice(2));
