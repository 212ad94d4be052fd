/*
 * The running image's standing in ESP-IDF's app rollback (boot-slot.d.ts says what each
 * answers). Plain JavaScript, not TypeScript: host functions (`@ "name"`) are XS syntax that
 * tsc cannot emit. The C is per platform: esp32/boot-slot.c (ESP-IDF's otadata) and
 * lin/boot-slot.c (a stand-in driven by CAT1_BOOT_SLOT, for the lin test).
 */
export function pending() @ "xs_boot_slot_pending";
export function confirm() @ "xs_boot_slot_confirm";
export function rollback() @ "xs_boot_slot_rollback";
