/**
 * `npm run fleet -- --devices 500 [--broker mqtt://...] [--json]`: many simulated switches
 * against one broker; see args.ts for the flags and the exit status.
 */
import { FleetUsageError, parseFleetArgs, USAGE, type FleetOptions } from "./args";
import { formatReport, healthy, type FleetReport } from "./report";
import { runFleet } from "./run";

// Past --duration the run winds down by itself; this is for a teardown that hangs.
const HARD_STOP_GRACE_MS = 30000;

function options(): FleetOptions | null {
  try {
    return parseFleetArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof FleetUsageError)) throw error;
    process.stderr.write(`fleet: ${error.message}\n(npm run fleet -- --help for the options)\n`);
    process.exitCode = 2;
    return null;
  }
}

function print(o: FleetOptions, report: FleetReport): void {
  process.stdout.write(o.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report) + "\n");
  process.exitCode = healthy(report) ? 0 : 1;
}

async function main(): Promise<void> {
  const o = options();
  if (!o) return;
  if (o.help) return void process.stdout.write(USAGE);
  const watchdog = setTimeout(() => {
    process.stderr.write("fleet: still stopping long after --duration; exiting\n");
    process.exit(1);
  }, o.durationS * 1000 + HARD_STOP_GRACE_MS);
  watchdog.unref();
  try {
    print(o, await runFleet(o, (line) => process.stderr.write(`fleet: ${line}\n`)));
  } catch (error) {
    process.stderr.write(`fleet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
  }
}

await main();
