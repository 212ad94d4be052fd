/** The fault run (fault-run-suite.ts) on the SIMCom A7670: the same faults, the same verdicts. */
import { faultRun } from "./fault-run-suite";

faultRun("a7670").run();
