/**
 * `npm run test:moddable`: the firmware built with Moddable's own tools and run in its lin
 * simulator (tools/moddable/lin-run.ts). Skipped, saying why, where there is no SDK (CI).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { moddableTools, runOnLin } from "../../tools/moddable/lin-run";

const NAME = "on Moddable's lin runtime: online with the identity from NVS, a set round trip, a 1 KB set, RDY and broker restart recovered, an update, its rollback and its confirmation";
const tools = moddableTools(process.env.MODDABLE);

if (typeof tools === "string") {
  console.log(`test:moddable skipped: ${tools}`);
  test.skip(NAME, () => undefined);
} else {
  test(NAME, async () => {
    const checks = await runOnLin({ moddable: process.env.MODDABLE as string, bin: tools.bin, log: (l) => console.log(l) });
    assert.equal(
      checks.map((c) => c.name),
      [
        "online, with the identity from NVS (the build carries none)",
        "a bad NVS value is reported and removed at boot",
        "a property set switches the relay, set_reply 200, then the post",
        "a 1 KB set is answered",
        "a spontaneous module RDY is recovered",
        "a broker restart is recovered",
        "an update over the modem: downloaded, MD5 by crypt's Digest, written through \"ota\", restart asked",
        "the update's first boot, never online, is rolled back at the end of its trial window",
        "the previous image, back, reports the rollback once online (step -1)",
        "an update's first boot that gets online and stable is kept",
      ],
    );
    const kb = checks[3].detail;
    assert.match(kb, /set_reply 200$/, kb);
  });
}

test.run();
