#!/usr/bin/env bash
# Turn a Debian 12 box into a locked certdesk kiosk. Run as root on the kiosk:
#
#   sudo ./install.sh --binary ./certdesk [--config my-certdesk.toml]
#
# Safe to run again (after an upgrade of the binary or the kit): it leaves the same system.
# What it does (each step says so as it goes):
#   0. checks the platform (Debian 12, systemd installed) and stops with a clear message if not;
#   1. apt-get update, then installs what the stack needs: cage, xwayland (Debian's cage needs
#      it and does not pull it in), foot, fonts-noto-cjk, fontconfig, the Mesa DRI drivers, grim;
#   2. creates the system user `kiosk` (groups lp, dialout, video, input, render);
#   3. installs the binary as /usr/local/bin/certdesk, foot.ini as /etc/certdesk/foot.ini (checked
#      by foot itself: a foot.ini foot rejects stops the install with foot's message);
#   4. creates the certdesk home /var/lib/certdesk (`certdesk init`: database, signing key and
#      audit key at mode 0600, trust list), with your certdesk.toml if given;
#   5. installs the systemd unit (cage -- foot -c /etc/certdesk/foot.ini certdesk kiosk on tty1,
#      restarted on crash, not waiting for the network), its PAM file, and enables it instead of
#      the tty1 getty;
#   6. locks the box down: Ctrl-Alt-Del masked and its 7-press burst disabled, SysRq off, no
#      other VTs (logind), power/suspend keys ignored, console blanking off (GRUB drop-in and at
#      run time); cage itself refuses VT switching;
#   7. a udev rule giving the kiosk user the USB / USB-serial receipt printer;
#   8. makes the audit checkpoint file append-only (chattr +a) where the filesystem allows;
#   9. runs `certdesk doctor`;
#  10. starts the real stack (cage + foot + certdesk kiosk) headless for a few seconds as the
#      kiosk user and checks that it drew the start screen (screenshot with grim).
#
# --dry-run changes nothing on this system: files are written under --root (a temporary
# directory by default) so they can be inspected, and every step that needs root, the network
# or real hardware (apt-get, useradd, systemctl, udevadm, chattr) is printed and skipped,
# saying so. CI runs it this way, and also for real in a fresh Debian 12 root
# (scripts/kiosk-install-test). Steps that need a *running* systemd (daemon-reload, sysctl,
# udevadm, the run-time console settings) are reported and skipped when systemd is not running
# (a chroot); everything else is done.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dry=0 root="" binary="" config="" home_rel=var/lib/certdesk selfcheck=1
usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; echo "options: --dry-run  --root DIR  --binary PATH  --config FILE  --no-self-check"; }
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) dry=1; shift;;
    --root) root=$2; shift 2;;
    --binary) binary=$2; shift 2;;
    --config) config=$2; shift 2;;
    --no-self-check) selfcheck=0; shift;;
    -h|--help) usage; exit 0;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2;;
  esac
done

# sort and mktemp need a temporary directory that exists (a TMPDIR from elsewhere may not).
[ -d "${TMPDIR:-/tmp}" ] || export TMPDIR=/tmp
die() { echo "install.sh: $*" >&2; exit 1; }
if [ $dry = 1 ] && [ -z "$root" ]; then
  root=$(mktemp -d -t certdesk-kiosk-dry-XXXXXX)
fi
if [ $dry = 0 ]; then
  [ "$(id -u)" = 0 ] || die "run as root (or try --dry-run)"
  [ -z "$root" ] || { echo "install.sh: --root is only for --dry-run" >&2; exit 2; }
fi
R=${root%/}   # prefix for every path we write ("" on a real install)

step() { printf '\n== %s\n' "$*"; }
say() { printf '   %s\n' "$*"; }
# Is systemd the running init? Not in a chroot, nor in a container started without it.
running_systemd=0
[ $dry = 0 ] && [ -d /run/systemd/system ] && running_systemd=1
# Commands that need the real system: run them, or in a dry run print and skip them.
sys() {
  if [ $dry = 1 ]; then say "skipped (dry run: needs root/network/hardware): $*"; else say "+ $*"; "$@"; fi
}
# Commands that need a running systemd (or kernel state of the booted system): in a chroot they
# are reported, and take effect at the next boot from the files written beside them.
live() {
  if [ $dry = 1 ]; then say "skipped (dry run: needs root/network/hardware): $*"
  elif [ $running_systemd = 0 ]; then say "skipped (systemd is not running here, e.g. a chroot; applies at boot): $*"
  else say "+ $*"; "$@"; fi
}
put() { # put MODE SRC DEST: install a file under $R
  local mode=$1 src=$2 dest=$R$3
  mkdir -p "$(dirname "$dest")"
  install -m "$mode" "$src" "$dest"
  say "installed $3 (mode $mode)"
}
write() { # write MODE DEST <<<content: write a generated file under $R
  local mode=$1 dest=$R$2
  mkdir -p "$(dirname "$dest")"
  cat > "$dest.tmp.$$"
  chmod "$mode" "$dest.tmp.$$"
  mv -f "$dest.tmp.$$" "$dest"
  say "wrote $2 (mode $mode)"
}

[ $dry = 1 ] && { step "dry run: writing under $R, changing nothing else"; }

step "0. platform"
if [ $dry = 1 ]; then
  say "skipped (dry run: the platform check is for the kiosk itself)"
else
  # shellcheck disable=SC1091
  os_id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}") || os_id=""
  os_ver=$(. /etc/os-release 2>/dev/null && echo "${VERSION_ID:-}") || os_ver=""
  [ "$os_id" = debian ] && [ "$os_ver" = 12 ] \
    || die "this kit is for Debian 12 (bookworm); /etc/os-release says ${os_id:-?} ${os_ver:-?}. Install Debian 12 without a desktop first."
  command -v systemctl >/dev/null 2>&1 \
    || die "systemd is not installed: the kiosk runs as a systemd unit on tty1. apt-get install systemd-sysv udev, reboot, run again."
  say "Debian $os_ver with systemd$([ $running_systemd = 1 ] && echo ' (running)' || echo ' (installed, not running here: a chroot)')"
fi

# Find the binary: --binary, ./certdesk next to this script, or a cargo build in the repository.
if [ -z "$binary" ]; then
  for b in "$here/certdesk" "$here/../target/release/certdesk" "$here/../target/debug/certdesk"; do
    [ -x "$b" ] && { binary=$b; break; }
  done
fi
[ -n "$binary" ] && [ -x "$binary" ] || die "no certdesk binary; pass --binary PATH"
for f in foot.ini certdesk-kiosk.service pam.d-certdesk-kiosk logind-certdesk.conf 70-certdesk-printer.rules; do
  [ -f "$here/$f" ] || die "$here/$f is missing"
done
[ -z "$config" ] || [ -f "$config" ] || die "no config file $config"

# Everything the stack needs, by name of the Debian package:
#   cage + xwayland: Debian 12's cage 0.1.4 exits at once without Xwayland (it does not depend on it);
#   foot: the terminal; fonts-noto-cjk + fontconfig: Chinese glyphs, and `doctor` checks them;
#   libgl1-mesa-dri: wlroots' renderer on real graphics; grim: the self-check's screenshot.
packages=(cage xwayland foot fonts-noto-cjk fontconfig libgl1-mesa-dri grim)
step "1. packages: ${packages[*]}"
sys env DEBIAN_FRONTEND=noninteractive apt-get update -q
sys env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"

step "2. the kiosk user"
if [ $dry = 1 ]; then
  sys useradd --system --home-dir /$home_rel --no-create-home --shell /usr/sbin/nologin kiosk
  sys usermod -a -G lp,dialout,video,input,render kiosk
else
  if id kiosk >/dev/null 2>&1; then
    say "user kiosk exists"
  else
    sys useradd --system --home-dir /$home_rel --no-create-home --shell /usr/sbin/nologin kiosk
  fi
  # input and render come with udev's rules; a minimal root may not have them yet.
  for g in lp dialout video input render; do
    getent group "$g" >/dev/null || sys groupadd --system "$g"
  done
  sys usermod -a -G lp,dialout,video,input,render kiosk
fi

step "3. binary and terminal config"
put 0755 "$binary" /usr/local/bin/certdesk
if command -v foot >/dev/null 2>&1 && [ $dry = 0 ]; then
  # foot checks the file it will run with; a file it rejects would leave the kiosk dark.
  if ! msg=$(XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp} foot --check-config -c "$here/foot.ini" 2>&1); then
    printf '%s\n' "$msg" >&2
    die "foot rejects $here/foot.ini (above); fix it and run again"
  fi
  say "foot accepts foot.ini"
elif [ $dry = 1 ]; then
  say "skipped (dry run: foot is installed in step 1 on the kiosk): foot --check-config -c foot.ini"
else
  die "foot is not installed (step 1 failed?)"
fi
put 0644 "$here/foot.ini" /etc/certdesk/foot.ini

step "4. certdesk home /$home_rel"
mkdir -p "$R/$home_rel"
if [ -n "$config" ] && [ ! -e "$R/$home_rel/certdesk.toml" ]; then
  put 0644 "$config" "/$home_rel/certdesk.toml"
fi
"$R/usr/local/bin/certdesk" --home "$R/$home_rel" init | sed 's/^/   /'
cp_file="$R/$home_rel/certdesk.db.audit-checkpoints"
if [ $dry = 1 ]; then
  say "skipped (dry run: needs root): chown -R kiosk:kiosk /$home_rel; chmod 0750 /$home_rel"
else
  # The checkpoint file is append-only after the first run (step 8): chown cannot touch it
  # then, and needs not, as it is the kiosk's already. Everything else is (re)owned by kiosk.
  find "/$home_rel" ! -path "$cp_file" ! -user kiosk -exec chown kiosk:kiosk {} +
  chmod 0750 "/$home_rel"
  say "/$home_rel owned by kiosk, mode 0750"
fi

step "5. systemd unit on tty1"
put 0644 "$here/certdesk-kiosk.service" /etc/systemd/system/certdesk-kiosk.service
put 0644 "$here/pam.d-certdesk-kiosk" /etc/pam.d/certdesk-kiosk
live systemctl daemon-reload
sys systemctl disable getty@tty1.service
sys systemctl enable certdesk-kiosk.service
sys systemctl set-default graphical.target

step "6. lock-down"
sys systemctl mask ctrl-alt-del.target
# Masking the target is not enough: pressing Ctrl-Alt-Del 7 times within 2 s makes systemd
# force a reboot (CtrlAltDelBurstAction=reboot-force) unless this is set.
write 0644 /etc/systemd/system.conf.d/certdesk-kiosk.conf <<'EOF'
# certdesk kiosk: no reboot from the keyboard, however many times Ctrl-Alt-Del is pressed.
[Manager]
CtrlAltDelBurstAction=none
EOF
# Magic SysRq can reboot the box or kill the kiosk from any keyboard.
write 0644 /etc/sysctl.d/90-certdesk-kiosk.conf <<'EOF'
# certdesk kiosk: Magic SysRq off (no reboot or kill keys from a keyboard).
kernel.sysrq = 0
EOF
live sysctl -q -p /etc/sysctl.d/90-certdesk-kiosk.conf
put 0644 "$here/logind-certdesk.conf" /etc/systemd/logind.conf.d/certdesk-kiosk.conf
# Console blanking off. Debian 12 boots with GRUB, which reads /etc/default/grub.d/*.cfg; the
# kernel's consoleblank= only takes effect from the command line. At run time (and at every boot,
# by systemd-tmpfiles) the kernel parameter is set directly too.
write 0644 /etc/default/grub.d/certdesk-kiosk.cfg <<'EOF'
# certdesk kiosk: never blank the text console (seen before cage starts and after it stops).
GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT consoleblank=0"
EOF
if [ $dry = 1 ]; then
  say "skipped (dry run: needs root): update-grub"
elif command -v update-grub >/dev/null 2>&1 && [ -e /boot/grub/grub.cfg ]; then
  sys update-grub
else
  say "no GRUB installed here (update-grub or /boot/grub/grub.cfg missing): the drop-in applies once GRUB is installed"
fi
write 0644 /etc/tmpfiles.d/certdesk-kiosk.conf <<'EOF'
# certdesk kiosk: console blanking off at every boot (the kernel parameter, set at run time).
w /sys/module/kernel/parameters/consoleblank - - - - 0
EOF
live sh -c 'echo 0 > /sys/module/kernel/parameters/consoleblank'
# An older kit wrote consoleblank=0 to /etc/kernel/cmdline.d/, which nothing on Debian 12 reads.
rm -f "$R/etc/kernel/cmdline.d/certdesk-kiosk.conf"
rmdir "$R/etc/kernel/cmdline.d" 2>/dev/null || true
say "cage runs without -s: Ctrl-Alt-F1..F12 do not switch VTs; cage never blanks the screen"

step "7. printer access"
put 0644 "$here/70-certdesk-printer.rules" /etc/udev/rules.d/70-certdesk-printer.rules
live udevadm control --reload-rules
live udevadm trigger --subsystem-match=usbmisc --subsystem-match=tty

step "8. append-only audit checkpoints"
[ -e "$cp_file" ] || touch "$cp_file"
appendonly() { lsattr -d "$cp_file" 2>/dev/null | cut -d' ' -f1 | grep -q a; }
if [ $dry = 0 ] && [ "$(stat -c %U "$cp_file")" != kiosk ]; then
  # The kiosk appends its checkpoints here: it must own the file (lift append-only to chown it).
  ! appendonly || chattr -a "$cp_file"
  chown kiosk:kiosk "$cp_file"
fi
if [ $dry = 1 ]; then
  sys chattr +a "/$home_rel/certdesk.db.audit-checkpoints"
elif appendonly; then
  say "already append-only: $cp_file"
elif msg=$(chattr +a "$cp_file" 2>&1); then
  say "+ chattr +a $cp_file"
else
  # tmpfs, overlayfs and some network file systems have no attributes: the audit log's own
  # signed chain and checkpoints still detect tampering; only this extra guard is missing.
  say "this file system keeps no attributes ($msg): $cp_file stays a normal file"
fi

step "9. doctor"
if [ $dry = 1 ]; then
  "$R/usr/local/bin/certdesk" --home "$R/$home_rel" doctor --no-printer | sed 's/^/   /' || true
  say "(dry run: doctor ran on the staged home; printer check skipped, no real hardware)"
else
  runuser -u kiosk -- /usr/local/bin/certdesk --home "/$home_rel" doctor | sed 's/^/   /' || true
fi

step "10. self-check: the real stack draws the start screen"
shot="/$home_rel/install-check.png"
if [ $dry = 1 ]; then
  say "skipped (dry run: needs cage, foot and a kiosk user): headless start of cage + foot + certdesk kiosk"
elif [ $selfcheck = 0 ]; then
  say "skipped (--no-self-check)"
else
  # wlroots' headless backend with the software renderer: no screen or GPU needed, so this runs
  # on the kiosk before its first boot as well as in a chroot. The same unit command line.
  run=$(mktemp -d /tmp/certdesk-selfcheck-XXXXXX)
  chown kiosk "$run"; chmod 0700 "$run"
  envs=(XDG_RUNTIME_DIR="$run" WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
        CERTDESK_HOME="/$home_rel" HOME="/$home_rel")
  runuser -u kiosk -- env "${envs[@]}" /usr/bin/cage -- /usr/bin/foot -c /etc/certdesk/foot.ini \
    /usr/local/bin/certdesk kiosk >"$run/stack.log" 2>&1 &
  cage_pid=$!
  # cage ends foot when it goes, and foot's hang-up ends certdesk.
  stop_stack() { kill "$cage_pid" 2>/dev/null || true; wait "$cage_pid" 2>/dev/null || true; }
  ok=0 colours=0
  # Wait (up to 20 s) for cage's socket, then for a frame with text: the screen is one colour
  # until foot has drawn certdesk's first frame.
  for _ in $(seq 1 40); do
    kill -0 "$cage_pid" 2>/dev/null || break
    if [ -S "$run/wayland-0" ] && runuser -u kiosk -- env XDG_RUNTIME_DIR="$run" WAYLAND_DISPLAY=wayland-0 \
         grim -t ppm "$run/shot.ppm" 2>/dev/null; then
      # Distinct colours in the frame: anti-aliased CJK text gives dozens; a dark screen gives 1.
      colours=$(tail -c +16 "$run/shot.ppm" | od -An -v -tx1 -w3 | sort -u | wc -l)
      if [ "$colours" -ge 16 ]; then ok=1; break; fi
    fi
    sleep 0.5
  done
  if [ $ok = 1 ]; then
    runuser -u kiosk -- env XDG_RUNTIME_DIR="$run" WAYLAND_DISPLAY=wayland-0 grim "$run/shot.png"
    install -m 0640 -o kiosk -g kiosk "$run/shot.png" "$shot"
  fi
  stop_stack
  if [ $ok = 1 ]; then
    say "cage + foot + certdesk kiosk drew the start screen ($colours colours); screenshot: $shot"
    rm -rf "$run"
  else
    sed 's/^/   | /' "$run/stack.log" | tail -20
    rm -rf "$run"
    die "the kiosk stack did not draw its start screen (log above)"
  fi
fi

step "done"
if [ $dry = 1 ]; then
  say "dry run finished without errors; staged files under $R"
else
  say "still to do by hand (kiosk/README.md, checklist): bureau name and phone, printer, roster, staff,"
  say "a copy of /$home_rel/keys/, SSH before the reboot, GRUB/BIOS passwords"
  say "import the roster:   runuser -u kiosk -- certdesk --home /$home_rel import ROSTER.xlsx"
  say "add staff:           runuser -u kiosk -- certdesk --home /$home_rel staff add 0001 --name NAME"
  say "then reboot, or:     systemctl start certdesk-kiosk"
fi
