// The 1,000-command fault run on Aliyun (fault-run-suite.ts).
import { faultRun } from "./fault-run-suite";

faultRun("aliyun");
