#!/usr/bin/env bash
# Turn a Debian 12 box into a locked certdesk kiosk. Run as root on the kiosk:
#
#   sudo ./install.sh --binary ./certdesk [--config my-certdesk.toml]
#
# What it does (each step says so as it goes):
#   1. installs cage (Wayland kiosk compositor), foot (terminal) and fonts-noto-cjk;
#   2. creates the system user `kiosk` (groups lp, dialout, video, input, render);
#   3. installs the binary as /usr/local/bin/certdesk, foot.ini as /etc/certdesk/foot.ini;
#   4. creates the certdesk home /var/lib/certdesk (`certdesk init`: database, signing key and
#      audit key at mode 0600, trust list), with your certdesk.toml if given;
#   5. installs the systemd unit (cage -- foot -c /etc/certdesk/foot.ini certdesk kiosk on tty1,
#      restarted on crash), its PAM file, and enables it instead of the tty1 getty;
#   6. locks the box down: ctrl-alt-del masked, no other VTs (logind), power/suspend keys
#      ignored, console blanking off; cage itself refuses VT switching;
#   7. a udev rule giving the kiosk user the USB / USB-serial receipt printer;
#   8. makes the audit checkpoint file append-only (chattr +a) where the filesystem allows;
#   9. runs `certdesk doctor`.
#
# --dry-run changes nothing on this system: files are written under --root (a temporary
# directory by default) so they can be inspected, and every step that needs root, the network
# or real hardware (apt-get, useradd, systemctl, udevadm, chattr) is printed and skipped,
# saying so. CI runs it this way.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dry=0 root="" binary="" config="" home_rel=var/lib/certdesk
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; echo "options: --dry-run  --root DIR  --binary PATH  --config FILE"; }
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) dry=1; shift;;
    --root) root=$2; shift 2;;
    --binary) binary=$2; shift 2;;
    --config) config=$2; shift 2;;
    -h|--help) usage; exit 0;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2;;
  esac
done

if [ $dry = 1 ] && [ -z "$root" ]; then
  root=$(mktemp -d -t certdesk-kiosk-dry-XXXXXX)
fi
if [ $dry = 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: run as root (or try --dry-run)" >&2; exit 1; }
  [ -z "$root" ] || { echo "install.sh: --root is only for --dry-run" >&2; exit 2; }
fi
R=${root%/}   # prefix for every path we write ("" on a real install)

step() { printf '\n== %s\n' "$*"; }
say() { printf '   %s\n' "$*"; }
# Commands that need the real system: run them, or in a dry run print and skip them.
sys() {
  if [ $dry = 1 ]; then say "skipped (dry run: needs root/network/hardware): $*"; else say "+ $*"; "$@"; fi
}
put() { # put MODE SRC DEST: install a file under $R
  local mode=$1 src=$2 dest=$R$3
  mkdir -p "$(dirname "$dest")"
  install -m "$mode" "$src" "$dest"
  say "installed $3 (mode $mode)"
}

[ $dry = 1 ] && { step "dry run: writing under $R, changing nothing else"; }

# Find the binary: --binary, ./certdesk next to this script, or a cargo build in the repository.
if [ -z "$binary" ]; then
  for b in "$here/certdesk" "$here/../target/release/certdesk" "$here/../target/debug/certdesk"; do
    [ -x "$b" ] && { binary=$b; break; }
  done
fi
[ -n "$binary" ] && [ -x "$binary" ] || { echo "install.sh: no certdesk binary; pass --binary PATH" >&2; exit 1; }
for f in foot.ini certdesk-kiosk.service pam.d-certdesk-kiosk logind-certdesk.conf 70-certdesk-printer.rules; do
  [ -f "$here/$f" ] || { echo "install.sh: $here/$f is missing" >&2; exit 1; }
done
[ -z "$config" ] || [ -f "$config" ] || { echo "install.sh: no config file $config" >&2; exit 1; }

step "1. packages: cage, foot, fonts-noto-cjk"
sys env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cage foot fonts-noto-cjk

step "2. the kiosk user"
if id kiosk >/dev/null 2>&1; then
  say "user kiosk exists"
else
  sys useradd --system --home-dir /$home_rel --no-create-home --shell /usr/sbin/nologin kiosk
fi
sys usermod -a -G lp,dialout,video,input,render kiosk

step "3. binary and terminal config"
put 0755 "$binary" /usr/local/bin/certdesk
put 0644 "$here/foot.ini" /etc/certdesk/foot.ini
if command -v foot >/dev/null 2>&1; then
  foot --check-config -c "$R/etc/certdesk/foot.ini" 2>/dev/null && say "foot accepts /etc/certdesk/foot.ini"
else
  say "foot not installed here: foot.ini not checked (it will be on the kiosk by doctor's font check)"
fi

step "4. certdesk home /$home_rel"
mkdir -p "$R/$home_rel"
if [ -n "$config" ] && [ ! -e "$R/$home_rel/certdesk.toml" ]; then
  put 0644 "$config" "/$home_rel/certdesk.toml"
fi
"$R/usr/local/bin/certdesk" --home "$R/$home_rel" init | sed 's/^/   /'
if [ $dry = 1 ]; then
  say "skipped (dry run: needs root): chown -R kiosk:kiosk /$home_rel; chmod 0750 /$home_rel"
else
  chown -R kiosk:kiosk "/$home_rel"
  chmod 0750 "/$home_rel"
fi

step "5. systemd unit on tty1"
put 0644 "$here/certdesk-kiosk.service" /etc/systemd/system/certdesk-kiosk.service
put 0644 "$here/pam.d-certdesk-kiosk" /etc/pam.d/certdesk-kiosk
sys systemctl daemon-reload
sys systemctl disable getty@tty1.service
sys systemctl enable certdesk-kiosk.service
sys systemctl set-default graphical.target

step "6. lock-down"
sys systemctl mask ctrl-alt-del.target
put 0644 "$here/logind-certdesk.conf" /etc/systemd/logind.conf.d/certdesk-kiosk.conf
# The text console must not blank either (seen before cage starts and after it stops).
mkdir -p "$R/etc/kernel/cmdline.d"
echo "consoleblank=0" > "$R/etc/kernel/cmdline.d/certdesk-kiosk.conf"
say "console blanking off: consoleblank=0 (/etc/kernel/cmdline.d/certdesk-kiosk.conf; add it to"
say "GRUB_CMDLINE_LINUX in /etc/default/grub and run update-grub if this box boots with GRUB)"
say "cage runs without -s: Ctrl-Alt-F1..F12 do not switch VTs; cage never blanks the screen"

step "7. printer access"
put 0644 "$here/70-certdesk-printer.rules" /etc/udev/rules.d/70-certdesk-printer.rules
sys udevadm control --reload-rules
sys udevadm trigger --subsystem-match=usbmisc --subsystem-match=tty

step "8. append-only audit checkpoints"
cp_file="$R/$home_rel/certdesk.db.audit-checkpoints"
touch "$cp_file"
[ $dry = 1 ] || chown kiosk:kiosk "$cp_file"
sys chattr +a "/$home_rel/certdesk.db.audit-checkpoints"

step "9. doctor"
if [ $dry = 1 ]; then
  "$R/usr/local/bin/certdesk" --home "$R/$home_rel" doctor --no-printer | sed 's/^/   /' || true
  say "(dry run: doctor ran on the staged home; printer check skipped, no real hardware)"
else
  runuser -u kiosk -- /usr/local/bin/certdesk --home "/$home_rel" doctor | sed 's/^/   /' || true
fi

step "done"
if [ $dry = 1 ]; then
  say "dry run finished without errors; staged files under $R"
else
  say "import the roster:   runuser -u kiosk -- certdesk --home /$home_rel import ROSTER.xlsx"
  say "add staff:           runuser -u kiosk -- certdesk --home /$home_rel staff add 0001 --name NAME"
  say "then reboot, or:     systemctl start certdesk-kiosk"
fi
