/** identify(): what ATI's lines make of the module, read directly (the runner's use is in dialects.test.ts). */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { identify, Identity } from "../../src/modem/identify";
import { EC600S } from "../../src/modem/quectel/dialect";
import { A7670 } from "../../src/modem/simcom/dialect";

const fresh = (): Identity => ({ model: "", revision: "", imei: "" });

test("no ATI answer: an unknown module run as an EC600S, and nothing left of an earlier identity", () => {
  const id: Identity = { model: "EC200U", revision: "R1", imei: "" };
  assert.equal(identify([], id, 600), { dialect: EC600S, warning: "unknown module (no model in ATI): run as an EC600S" });
  assert.equal(id, { model: "", revision: "", imei: "" });
});

test("a Quectel answer without a revision line leaves the revision empty", () => {
  const id = fresh();
  assert.equal(identify(["Quectel", "EC600S"], id, 600), { dialect: EC600S, warning: "" });
  assert.equal(id, { model: "EC600S", revision: "", imei: "" });
});

test("a SIMCom maker line alone makes it a SIMCom, whatever its model line names: run as an A7670, with a warning", () => {
  const id = fresh();
  const got = identify(["Manufacturer: SIMCOM INCORPORATED", "Model: EC600S", "Revision: X1"], id, 600);
  assert.equal(got, { dialect: A7670, warning: "SIMCom EC600S: run as an A7670" });
});

test("a second Quectel block in one answer does not replace the model read first", () => {
  const id = fresh();
  identify(["Quectel", "EC200U", "Revision: R1", "Quectel", "EC600S"], id, 2000);
  assert.is(id.model, "EC200U");
});

test.run();
