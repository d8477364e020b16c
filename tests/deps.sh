#!/bin/sh
# Makes sure the Debian packages named as arguments are installed: installs the
# missing ones when run as root, otherwise prints the apt-get line and fails.
missing=""
for p in "$@"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    [ "$st" = "install ok installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq $missing >/dev/null || {
        echo "error: apt-get install$missing failed" >&2; exit 1; }
else
    echo "missing packages; run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
