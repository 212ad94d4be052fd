/**
 * Freeze a module-level table, deeply, where the engine can. Moddable's preload keeps
 * frozen objects in flash; an unfrozen one is copied into RAM at boot ("not frozen"
 * warnings from the XS linker). Typed arrays cannot be frozen and are left as they are; an
 * engine without Object.freeze (Espruino) gets the table unchanged.
 */
export function constant<T>(value: T): T {
  // eslint-disable-next-line no-restricted-syntax -- the one place that may: it checks first
  if (typeof Object.freeze !== "function") return value;
  freezeDeep(value);
  return value;
}

function freezeDeep(value: unknown): void {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: null and primitives are frozen already (Object.isFrozen says so); past these tests only a function would differ, and freezing one changes nothing the firmware does
  // eslint-disable-next-line no-restricted-syntax -- only reached where Object.freeze exists
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return;
  // eslint-disable-next-line no-restricted-syntax -- only reached where Object.freeze exists
  Object.freeze(value);
  const keys = Object.keys(value);
  // Stryker disable next-line EqualityOperator: keys[keys.length] is undefined, which freezeDeep leaves alone
  // eslint-disable-next-line device/no-recursion -- over a constant table the source nests, at load time (build time on the device), never over input
  for (let i = 0; i < keys.length; i++) freezeDeep((value as Record<string, unknown>)[keys[i]]);
}
