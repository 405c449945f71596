#!/bin/sh
# sudoers_defaults.sh - parc sudoers check refuses every Defaults line
# Debian's visudo -c refuses, and accepts every one it accepts.
#
# Each name of tests/data/sudoers/defaults-names.txt (the .It entries of
# sudoers(5) 1.9.13's SUDOERS OPTIONS, a few of which are tuple values and
# not settings at all) is tried alone, negated, and with values chosen to
# hit every kind of check: numbers, modes, timeouts, paths, tuple words,
# syslog names, rlimits, locales.
set -u
set -f
command -v visudo >/dev/null 2>&1 || {
	echo "visudo not installed (apt-get install sudo; share/install-deps does)"
	exit 1
}
vals='abc -1 1.5 . /abs/path rel/path 077 99999999999 never json alert
1h30m ~ dso infinity C.UTF-8'
n=0 bad=0
while read -r name; do
	for v in BARE NEG $vals; do
		case $v in
		BARE) line="Defaults $name" ;;
		NEG) line="Defaults !$name" ;;
		*) line="Defaults $name=$v" ;;
		esac
		printf '%s\n' "$line" >t.sudoers
		visudo -c -q -f t.sudoers >/dev/null 2>&1
		a=$?
		"$PARC" sudoers check --quiet t.sudoers >/dev/null 2>&1
		b=$?
		n=$((n + 1))
		if [ $a -ne 0 ] && [ $b -eq 0 ]; then
			echo "FAIL: visudo refuses, parc accepts: $line"
			bad=$((bad + 1))
		elif [ $a -eq 0 ] && [ $b -ne 0 ]; then
			echo "FAIL: visudo accepts, parc refuses: $line"
			bad=$((bad + 1))
		fi
	done
done <"$PARC_TEST_DATA/sudoers/defaults-names.txt"
[ $bad -eq 0 ] || exit 1
echo "sudoers defaults: $n Defaults lines, parc and visudo agree on all"
