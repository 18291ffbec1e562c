#!/bin/sh
# The window through the accessibility bus, as a screen reader meets it (issue 17):
# Xvfb, a private D-Bus session with the AT-SPI bus, the program at a place chosen as
# for show_window.py, then scripts/atspi_tree.py (system Python with pyatspi) prints the
# tree and counts the controls without a name.  Usage: scripts/atspi_tree.sh list
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
display=:$((90 + $$ % 9))
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
DISPLAY=$display QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1 \
PYTHONPATH=$here dbus-run-session -- sh -c "
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
  sleep 1
  '$python' '$here/scripts/show_window.py' $* &
  app=\$!
  sleep \${ATSPI_WAIT:-10}
  status=0
  /usr/bin/python3 '$here/scripts/atspi_tree.py' || status=\$?
  kill \$app 2>/dev/null
  exit \$status
"
