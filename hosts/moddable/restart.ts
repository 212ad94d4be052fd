import type { Log } from "../../src/hal";

/**
 * Moddable's `system` module (modules/io, preloaded by its manifest) exports nothing: it sets
 * the global `System`, whose `restart()` is esp_restart() on ESP32. lin's `System` has no
 * restart (mcsim is a process). Importing "system" fails at link time, and a module that fails
 * to link is an "XS abort" before any line of ours runs: read the global instead.
 */
export function restartBoard(log: Log): () => void {
  const system = (globalThis as { System?: { restart?: unknown } }).System;
  const restart = system?.restart;
  if (typeof restart === "function") return () => restart.call(system);
  return () => log("warn", "restart: this host has no board to restart (System.restart is missing)");
}
