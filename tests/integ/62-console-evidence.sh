#!/bin/sh
# 62-console-evidence.sh - from the console's campaigns list, P writes the
# evidence PDF of the campaign under the cursor and says where it went;
# the PDF is real (pdftotext reads the campaign's name and its page
# count back).
set -eu

command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }
command -v pdftotext >/dev/null || { echo "poppler-utils missing"; exit 77; }

export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color
unset NO_COLOR PARC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME LINES COLUMNS ||
	true
export PARC_DB=$TMPDIR/demo.db
"$PARC" demo --no-console --dir "$TMPDIR/demo" >/dev/null

sock=parc-ev-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
shot() { tm capture-pane -p -t ev; }
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		shot | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "timed out waiting for: $1"
	shot
	exit 1
}

# As the admin the demo made of this login: campaigns list, P.
tm new-session -d -s ev -x 80 -y 24 "'$PARC' review; sleep 600"
wait_for "pending"
tm send-keys -t ev c
wait_for "demo"
tm send-keys -t ev P
wait_for "evidence of demo:"
line=$(shot | grep -F "evidence of demo:" | tr -s ' ')
pdf=$(ls "$HOME"/.local/share/parc/reports/evidence-demo-*.pdf)
[ "$(echo "$pdf" | wc -l)" -eq 1 ] || { echo "not one PDF: $pdf"; exit 1; }
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
echo "$line" | grep -qF "evidence of demo: $pages pages in" ||
	{ echo "status line: $line (pdf has $pages pages)"; exit 1; }
pdftotext "$pdf" - | grep -q "page 1 of $pages" ||
	{ echo "no 'page 1 of $pages' in the PDF"; exit 1; }
pdftotext "$pdf" - | grep -q "demo" || { echo "campaign not named"; exit 1; }
echo "evidence key: $pages-page PDF written from the console"
