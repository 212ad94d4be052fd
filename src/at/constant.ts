/**
 * Freeze a module-level table, deeply, where the engine can. Moddable's preload keeps
 * frozen objects in flash; an unfrozen one is copied into RAM at boot ("not frozen"
 * warnings from the XS linker). Typed arrays cannot be frozen and are left as they are; an
 * engine without Object.freeze (Espruino) gets the table unchanged.
 */
export function constant<T>(value: T): T {
  if (typeof Object.freeze !== "function") return value;
  freezeDeep(value);
  return value;
}

function freezeDeep(value: unknown): void {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return;
  Object.freeze(value);
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) freezeDeep((value as Record<string, unknown>)[keys[i]]);
}
