#!/bin/sh
# udhcpc event script for test/stack/kea.sh: put the leased address on the interface so a
# RELEASE (sent from that address) can leave, and print what happened. Never touches routes.
case "$1" in
  bound | renew)
    ip addr add "${ip}/${mask:-32}" dev "${interface}" || true
    echo "kea-udhcpc: $1 ${ip}"
    ;;
  deconfig)
    echo "kea-udhcpc: deconfig"
    ;;
esac
exit 0
