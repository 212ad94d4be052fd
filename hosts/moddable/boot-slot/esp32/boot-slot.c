/*
 * ESP-IDF's app rollback (CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE in hosts/moddable/sdkconfig):
 * after an update the bootloader boots the new image once in ESP_OTA_IMG_PENDING_VERIFY; the
 * image must mark itself valid, or the next reset (a crash, the watchdog, ours) marks it
 * aborted and boots the previous one. src/app/ota-trial.ts decides when to confirm and when
 * to give up; these only tell ESP-IDF.
 */
#include "xsPlatform.h"
#include "xsmc.h"
#include "app_update/include/esp_ota_ops.h"

void xs_boot_slot_pending(xsMachine *the)
{
	esp_ota_img_states_t state;
	const esp_partition_t *running = esp_ota_get_running_partition();
	int pending = (NULL != running)
		&& (ESP_OK == esp_ota_get_state_partition(running, &state))
		&& (ESP_OTA_IMG_PENDING_VERIFY == state);
	xsmcSetBoolean(xsResult, pending);
}

void xs_boot_slot_confirm(xsMachine *the)
{
	xsmcSetBoolean(xsResult, ESP_OK == esp_ota_mark_app_valid_cancel_rollback());
}

/* Marks the running image invalid without restarting (the caller logs and reports first). */
void xs_boot_slot_rollback(xsMachine *the)
{
	xsmcSetBoolean(xsResult, esp_ota_check_rollback_is_possible() && (ESP_OK == esp_ota_mark_app_invalid_rollback()));
}
