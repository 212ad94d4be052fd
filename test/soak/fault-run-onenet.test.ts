// The 1,000-command fault run on OneNET: its token login, OneJSON topics and payloads (fault-run-suite.ts).
import { faultRun } from "./fault-run-suite";

faultRun("onenet");
