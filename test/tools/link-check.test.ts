import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { linkProblems, modulesOf } from "../../tools/moddable/link-check";

// A makefile as mcconfig writes it, and SDK-shaped sources: Moddable's `system` sets a global
// and exports nothing, which is what issue 14's `import System from "system"` missed.
function build(main: string): { makefile: string; main: string } {
  const dir = mkdtempSync(join(tmpdir(), "link-check-"));
  const file = (name: string, text: string): string => (writeFileSync(join(dir, name), text), join(dir, name));
  const system = file("system.js", 'import Timer from "timer";\nclass System {}\nglobalThis.System = System;\n');
  const timer = file("timer.js", 'class Timer {\n  static set(callback, delay) @ "xs_timer_set";\n}\nexport default Timer;\n');
  const serial = file("serial.js", "export default class Serial {}\nexport const kind = 1, other = 2;\nexport function helper() {}\nexport { helper as alias };\n");
  const rules = [`$(MODULES_DIR)/system.xsb: ${system}`, `$(MODULES_DIR)/timer.xsb: ${timer}`, `$(MODULES_DIR)/~.embedded/io/serial.xsb: ${serial}`];
  return { makefile: file("makefile", rules.map((r) => r + "\n\t@echo\n").join("")), main: file("main.js", main) };
}

test("mcconfig's makefile maps module names to sources, embedded: included", () => {
  const { makefile } = build("");
  assert.equal([...modulesOf(makefile).keys()], ["system", "timer", "embedded:io/serial"]);
});

test("imports the build provides link: default, named, aliased, and rollup's own chunks", () => {
  const { makefile, main } = build(
    'import Serial, { kind, other, helper, alias as a } from "embedded:io/serial";\nimport Timer from "timer";\nimport { U } from "./app.js";\n',
  );
  assert.equal(linkProblems(makefile, [main]), []);
});

test("a default import of Moddable's system module is one line, naming the module and its source", () => {
  const { makefile, main } = build('import System from "system";\n');
  const problems = linkProblems(makefile, [main]);
  assert.is(problems.length, 1);
  assert.match(problems[0], /imports the default from "system", but .*system\.js has no default export/);
});

test("a missing name and a module the build lacks are each reported", () => {
  const { makefile, main } = build('import { nope } from "timer";\nimport Preference from "preference";\n');
  const problems = linkProblems(makefile, [main]);
  assert.is(problems.length, 2);
  assert.match(problems[0], /imports "nope" from "timer", but .* has no export "nope"/);
  assert.match(problems[1], /imports "preference", which this build does not have/);
});

test.run();
