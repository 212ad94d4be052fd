/*
 * lin has no bootloader and no partitions. This stand-in lets the lin test run an update's
 * trial on XS: CAT1_BOOT_SLOT=pending in mcsim's environment makes the boot "pending verify",
 * as the ESP32's first boot of a new image is; confirm and rollback say on stdout what ESP-IDF
 * would have done, and the boot is no longer pending.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xsmc.h"

static int gDecided = 0;

static int isPending(void)
{
	const char *slot = getenv("CAT1_BOOT_SLOT");
	return !gDecided && (NULL != slot) && (0 == strcmp(slot, "pending"));
}

void xs_boot_slot_pending(xsMachine *the)
{
	xsmcSetBoolean(xsResult, isPending());
}

/* Confirm and rollback alike: only a pending boot is decided, once; says what ESP-IDF would do. */
static void decide(xsMachine *the, const char *what)
{
	int was = isPending();
	gDecided = 1;
	if (was)
		printf("boot-slot (lin): %s\n", what);
	xsmcSetBoolean(xsResult, was);
}

void xs_boot_slot_confirm(xsMachine *the)
{
	decide(the, "marked valid, rollback cancelled");
}

void xs_boot_slot_rollback(xsMachine *the)
{
	decide(the, "marked invalid, the previous image boots next");
}
