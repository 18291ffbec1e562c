#!/bin/sh
# Install the TAC Desktop bundle this script sits in, for one user or for everyone.
#
#   ./install.sh                 per-user: ~/.local/lib/tac-desktop, ~/.local/bin/tac-desktop
#   sudo ./install.sh /usr/local per-machine (or /opt/tac-desktop-style prefixes)
#   ./install.sh --uninstall [PREFIX]
#
# It copies the folder to PREFIX/lib/tac-desktop, links PREFIX/bin/tac-desktop to it, and
# adds the desktop entry and icons under PREFIX/share so the menus show the program.
set -eu
uninstall=false
if [ "${1:-}" = "--uninstall" ]; then uninstall=true; shift; fi
prefix=${1:-"$HOME/.local"}
here=$(cd "$(dirname "$0")" && pwd)
lib="$prefix/lib/tac-desktop"
apps="$prefix/share/applications"
icons="$prefix/share/icons/hicolor"

if [ "$here" = "$(cd "$lib" 2>/dev/null && pwd || true)" ] && ! $uninstall; then
  echo "Run install.sh from the unpacked bundle, not from $lib." >&2
  exit 1
fi
rm -rf "$lib" "$prefix/bin/tac-desktop" "$apps/tac-desktop.desktop" \
  "$icons/256x256/apps/tac-desktop.png" "$icons/scalable/apps/tac-desktop.svg"
if $uninstall; then
  echo "Removed TAC Desktop from $prefix. Vaults, backups and logs were left in place."
  exit 0
fi

mkdir -p "$lib" "$prefix/bin" "$apps" "$icons/256x256/apps" "$icons/scalable/apps"
cp -R "$here/." "$lib/"
ln -s "$lib/tac-desktop" "$prefix/bin/tac-desktop"
# Exec/TryExec with the full path, so the menu entry works even if PREFIX/bin is not on PATH.
sed -e "s|^Exec=tac-desktop|Exec=\"$lib/tac-desktop\"|" \
    -e "s|^TryExec=tac-desktop|TryExec=$lib/tac-desktop|" \
    "$here/tac-desktop.desktop" > "$apps/tac-desktop.desktop"
cp "$here/tac-desktop.png" "$icons/256x256/apps/tac-desktop.png"
cp "$here/tac-desktop.svg" "$icons/scalable/apps/tac-desktop.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" || true
echo "Installed TAC Desktop in $lib (command: $prefix/bin/tac-desktop)."
