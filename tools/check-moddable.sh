#!/usr/bin/env bash
# Build the Moddable host as far as it can go without ESP-IDF or hardware, with the Moddable
# SDK's own tools: rollup output -> xsc/xsl for esp32 (up to mc.xs.c, the linked XS image in C),
# and the whole lin simulator app (mc.so). With --pty, also run the lin app against a pseudo
# terminal that answers OK, and require the app to go on from AT to ATE0 (bytes both ways).
#
# Needs $MODDABLE pointing at a Moddable SDK whose Linux tools are already built
# (build/makefiles/lin). This script never builds the SDK. Not part of `npm test`.
#
#   MODDABLE=/path/to/moddable npm run check:moddable [-- --pty] [-- --keep]
set -euo pipefail

pty=0
keep=0
for arg in "$@"; do
  case "$arg" in
    --pty) pty=1 ;;
    --keep) keep=1 ;;
    *) echo "usage: $0 [--pty] [--keep]" >&2; exit 2 ;;
  esac
done

fail() { echo "check:moddable: $*" >&2; exit 1; }

[ -n "${MODDABLE:-}" ] || fail "set MODDABLE to a Moddable SDK checkout with its Linux tools built"
tools="$MODDABLE/build/bin/lin/release"
for tool in mcconfig xsc xsl xsid mcrez mcsim; do
  [ -x "$tools/$tool" ] || fail "$tools/$tool missing: build the SDK tools (build/makefiles/lin) first"
done
# The generated makefiles call xsc, xsl, mcrez by name.
export PATH="$tools:$PATH"

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
out="$(mktemp -d "${TMPDIR:-/tmp}/check-moddable.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then echo "kept $out"; else rm -rf "$out"; fi
}
trap cleanup EXIT

# Dummy credentials: the build must not depend on real ones.
creds=(productKey=check deviceName=check deviceSecret=check)

echo "== rollup -> dist/moddable"
npx rollup -c rollup.config.mjs --silent

echo "== esp32: mcconfig (makefile only), then the XS targets up to mc.xs.c"
mkdir -p "$out/esp32"
mcconfig -p esp32 -o "$out/esp32" manifest.json "${creds[@]}"
makefile="$(find "$out/esp32/tmp/esp32/release" -maxdepth 2 -name makefile | head -n 1)"
[ -n "$makefile" ] || fail "mcconfig wrote no esp32 makefile"
tmpdir="$(dirname "$makefile")"
# The esp32 makefile refuses to load without ESP-IDF (IDF_PATH, IDF_VERSION) and makes mc.xs.c
# wait for sdkconfig.h, which only idf.py produces. None of that feeds xsc/xsl, so stub them.
# (The makefile still runs `cd $IDF_PATH && git describe` once; its complaint is harmless.)
make -f "$makefile" IDF_PATH=/no-esp-idf IDF_VERSION=none SDKCONFIG_H= "$tmpdir/mc.xs.c" 2>&1 |
  grep -v -e '^# xs[a-z]* ' -e 'no-esp-idf' || true
[ -s "$tmpdir/mc.xs.c" ] || fail "esp32: xsl produced no mc.xs.c"
grep -q -- "-p app.xsb" "$makefile" || fail "esp32: app module is not preloaded"
# "main" is not preloaded, so xsl never links it: an import that cannot link is an
# "XS abort: unhandled exception" at boot with no reason given. Say which, here.
node --import tsx tools/moddable/link-check.ts "$makefile" dist/moddable/main.js dist/moddable/app.js ||
  fail "esp32: an import would not link at boot (above)"
# OTA (hosts/moddable/firmware-image.ts): the ota module's manifest has mcconfig split the
# factory partition into ota_0/ota_1; the writer's capacity must be the smaller of the two.
partitions="$(find "$out/esp32/tmp" -name partitions.csv | head -n 1)"
[ -n "$partitions" ] && grep -q "^ota_1," "$partitions" || fail "esp32: no ota_0/ota_1 partitions for updates"
smallest=""
for size in $(grep -E '^ota_[01],' "$partitions" | cut -d, -f5); do
  if [ -z "$smallest" ] || [ "$((size))" -lt "$smallest" ]; then smallest="$((size))"; fi
done
declared="$(sed -n 's/^export const UPDATE_PARTITION_BYTES = \(0x[0-9a-fA-F]*\);.*/\1/p' hosts/moddable/firmware-image.ts)"
[ "$smallest" = "$((declared))" ] || fail "esp32: the smaller OTA partition is $smallest bytes, UPDATE_PARTITION_BYTES says $((declared))"
echo "esp32 ok: $(wc -c <"$tmpdir/mc.xs.c") bytes of mc.xs.c; OTA partitions, the smaller $smallest bytes"

# ESP-IDF's app rollback (hosts/moddable/boot-slot/esp32/boot-slot.c) is C that only idf.py
# compiles, and no ESP32 toolchain comes from npm or Debian. With IDF_PATH (an ESP-IDF
# checkout, the version Moddable builds with) the host's gcc checks it against ESP-IDF's own
# headers: every call, type and state must be ESP-IDF's. XS's API is the same on every
# platform, so lin's headers stand in for it. Without IDF_PATH this part is skipped, saying so.
if [ -n "${IDF_PATH:-}" ]; then
  [ -f "$IDF_PATH/components/app_update/include/esp_ota_ops.h" ] || fail "IDF_PATH=$IDF_PATH has no components/app_update/include/esp_ota_ops.h"
  mkdir -p "$out/idf"
  printf '%s\n' '#define CONFIG_IDF_TARGET "esp32"' '#define CONFIG_IDF_TARGET_ESP32 1' \
    '#define CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE 1' '#define CONFIG_LOG_MAXIMUM_LEVEL 3' >"$out/idf/sdkconfig.h"
  idf=("-I$out/idf" "-I$IDF_PATH/components")
  for c in app_update esp_partition esp_blockdev esp_common esp_app_format esp_bootloader_format \
    bootloader_support spi_flash log soc/esp32 soc hal/esp32 hal esp_hw_support esp_rom esp_system; do
    idf+=("-I$IDF_PATH/components/$c/include")
  done
  # shellcheck disable=SC2046
  gcc -fsyntax-only -Wall -Wextra -Werror "${idf[@]}" -I"$MODDABLE/xs/includes" -I"$MODDABLE/xs/platforms" \
    $(pkg-config --cflags gio-2.0) -DINCLUDE_XSPLATFORM -DXSPLATFORM='"lin_xs.h"' \
    hosts/moddable/boot-slot/esp32/boot-slot.c || fail "esp32: boot-slot.c does not compile against ESP-IDF's headers"
  echo "esp32 ok: boot-slot.c compiles against the ESP-IDF headers in $IDF_PATH ($(git -C "$IDF_PATH" describe --always 2>/dev/null || echo "not a git checkout"))"
else
  echo "esp32: boot-slot.c not checked against ESP-IDF's headers: set IDF_PATH to an ESP-IDF checkout"
fi

echo "== lin: full simulator build (mc.so)"
mkdir -p "$out/lin"
lin_args=("${creds[@]}")
if [ "$pty" = 1 ]; then
  command -v socat >/dev/null || fail "--pty needs socat"
  command -v xvfb-run >/dev/null || fail "--pty needs xvfb-run (Debian package xvfb)"
  socat pty,raw,echo=0,link="$out/modem" pty,raw,echo=0,link="$out/host" &
  pids+=("$!")
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$out/host" ] && break; sleep 0.2; done
  lin_args+=("modemDevice=$out/host")
fi
# Release build: a debug (-d) build with -m launches xsbug and mcsim and pkills old ones.
mcconfig -m -p lin -o "$out/lin" manifest.json "${lin_args[@]}" 2>&1 | grep -v -e '^# ' || true
so="$(find "$out/lin/bin" -name mc.so | head -n 1)"
[ -n "$so" ] || fail "lin: no mc.so"
lin_makefile="$(find "$out/lin/tmp/lin" -name makefile | head -n 1)"
node --import tsx tools/moddable/link-check.ts "$lin_makefile" dist/moddable/main.js dist/moddable/app.js ||
  fail "lin: an import would not link at boot (above)"
echo "lin ok: $so"

if [ "$pty" = 1 ]; then
  echo "== lin: run against a pty that answers OK: AT must be followed by the next command"
  # A module that says OK to everything: the app only goes past its probe (AT) to ATE0 if
  # our bytes reached it, so this proves the UART both ways. npm run test:moddable runs the
  # whole firmware against the EC600S simulator and a broker.
  timeout 12 node -e '
    const fs = require("fs"), tty = require("tty");
    const fd = fs.openSync(process.argv[1], "r+");
    const input = new tty.ReadStream(fd), output = new tty.WriteStream(fd);
    let line = "";
    const seen = [];
    input.on("data", (b) => {
      for (const c of b.toString("latin1")) {
        if (c !== "\r") { line += c; continue; }
        seen.push(line); line = "";
        output.write("\r\nOK\r\n");
      }
    });
    setTimeout(() => { fs.writeFileSync(process.argv[2], seen.join("\n")); process.exit(0); }, 10000);
  ' "$out/modem" "$out/modem.rx" &
  responder=$!
  xvfb-run -a timeout 10 mcsim "$so" >"$out/mcsim.log" 2>&1 || true
  wait "$responder" || true
  if grep -qx "AT" "$out/modem.rx" && grep -qx "ATE0" "$out/modem.rx"; then
    echo "pty ok: the app sent $(paste -sd' ' "$out/modem.rx" | cut -c1-120)"
  else
    echo "modem side received: $(paste -sd' ' "$out/modem.rx" 2>/dev/null | cut -c1-200)" >&2
    fail "pty: the app did not answer our OK with its next command (ATE0) within 10 s"
  fi
fi

echo "check:moddable passed"
