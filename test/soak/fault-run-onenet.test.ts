/** The fault run (fault-run-suite.ts) on OneNET: its token login, OneJSON topics and payloads. */
import { faultRun } from "./fault-run-suite";

faultRun("ec600s", "onenet").run();
