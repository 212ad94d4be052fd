#!/usr/bin/env node
// The package's command. Sources are TypeScript; tsx (a dependency) compiles them on load.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../tools/cli.ts");
process.exitCode = await main(process.argv.slice(2));
