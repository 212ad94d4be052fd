// The runner sorts events by range (phase.ts): an aborted command's end is dropped, and link
// events go to each phase's link handler. A timer counted as a command's end, or a command's
// end as link news, would be dropped or misread; these pin both ranges at their edges.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as P from "../../src/modem/phase";

const COMMAND_DONE: P.ModemEvent[] = [P.EV_PROBE_DONE, P.EV_STEP_DONE, P.EV_CLOSE_DONE, P.EV_DEACTIVATE_DONE, P.EV_POWER_OFF_DONE, P.EV_LINK_CHECK_DONE, P.EV_IDENTIFY_DONE];
const LINK: P.ModemEvent[] = [P.EV_MQTT_CLOSED, P.EV_PDP_LOST, P.EV_REGISTRATION_LOST, P.EV_REGISTERED, P.EV_SIM_LOST];

test("every event is exactly one of: the timer, a command's end, link news", () => {
  assert.not.ok(P.isCommandDone(P.EV_TIMER));
  assert.not.ok(P.isLinkEvent(P.EV_TIMER));
  for (const ev of COMMAND_DONE) {
    assert.ok(P.isCommandDone(ev), `event ${ev} is a command's end`);
    assert.not.ok(P.isLinkEvent(ev), `event ${ev} is not link news`);
  }
  for (const ev of LINK) {
    assert.ok(P.isLinkEvent(ev), `event ${ev} is link news`);
    assert.not.ok(P.isCommandDone(ev), `event ${ev} is not a command's end`);
  }
});

test.run();
