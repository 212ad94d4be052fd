/** The fault run (fault-run-suite.ts) on the EC600S. */
import { faultRun } from "./fault-run-suite";

faultRun("ec600s").run();
