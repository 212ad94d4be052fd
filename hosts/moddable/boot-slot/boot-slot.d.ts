/**
 * ESP-IDF's app rollback for the running image (hosts/moddable/boot-slot/): with
 * CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE the bootloader boots a new image once as "pending
 * verify"; unless it confirms itself, the next reset boots the previous image instead.
 */
declare module "boot-slot" {
  /** This boot runs an image that is pending verify (a new update, not yet confirmed). */
  export function pending(): boolean;
  /** esp_ota_mark_app_valid_cancel_rollback: the image is kept. False if ESP-IDF refused. */
  export function confirm(): boolean;
  /** esp_ota_mark_app_invalid_rollback: the previous image boots next (the caller restarts). False if there is none. */
  export function rollback(): boolean;
}
