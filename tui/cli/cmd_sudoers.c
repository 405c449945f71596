/*
 * cmd_sudoers.c - parc sudoers check: parse sudoers files as visudo -c
 * does, or print them in cvtsudoers -f json's schema.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/sb.h"
#include "reports/sudoers_json.h"
#include "sync/sudoers.h"
#include "tui/cli/cmd.h"

/* Warnings go to stderr, escaped: file names and settings come from data. */
static void
print_warning(void *arg, const char *msg)
{
	struct sb sb = SB_INIT;

	(void)arg;
	sb_adds(&sb, "parc: warning: ");
	sb_add_safe(&sb, msg);
	sb_addc(&sb, '\n');
	fputs(sb.buf, stderr);
	sb_release(&sb);
}

/* %h in include paths: this machine's short host name, as sudo uses. */
static void
short_hostname(char *buf, size_t n)
{
	char *dot;

	if (gethostname(buf, n) != 0)
		buf[0] = '\0';
	buf[n - 1] = '\0';
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = '\0';
}

int
cmd_sudoers(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct sudoers_opts o = { 0 };
	struct sb out = SB_INIT, msg = SB_INIT;
	char host[256];
	int c, i, json = 0, quiet = 0, bad = 0, rc = 0;

	(void)ctx;
	while (
	    (c = cli_next_opt(argc, argv, "+hjq", opts, "sudoers", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'j':
			json = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		}
	}
	if (optind >= argc || strcmp(argv[optind], "check") != 0)
		return cli_usage("sudoers", e, "%s",
		    optind >= argc ? "which subcommand? (check)"
				   : "unknown subcommand");
	optind++;
	/* Options may also follow the subcommand. */
	while (
	    (c = cli_next_opt(argc, argv, "+hjq", opts, "sudoers", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'j':
			json = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		}
	}
	if (optind >= argc)
		return cli_usage("sudoers", e, "%s", "check needs a FILE");

	short_hostname(host, sizeof(host));
	o.host = host;
	o.warn = print_warning;
	/*
	 * As visudo -c: every check. With --json, as cvtsudoers: unknown
	 * settings are warnings and the rest is printed.
	 */
	o.strict = !json;
	for (i = optind; i < argc; i++) {
		struct sudoers_tree *t = sudoers_tree_new();
		struct err pe = ERR_INIT;

		if (sudoers_parse_file(t, argv[i], &o, &pe) < 0) {
			sb_reset(&msg);
			sb_add_safe(&msg, pe.msg);
			fprintf(stderr, "parc: %s\n", msg.buf);
			if (bad == 0)
				rc = pe.code;
			bad++;
		} else if (json) {
			rpt_sudoers_json(&out, t);
			fputs(out.buf, stdout);
			sb_reset(&out);
		} else if (!quiet) {
			sb_reset(&msg);
			sb_add_safe(&msg, argv[i]);
			printf("%s: parsed OK\n", msg.buf);
		}
		sudoers_tree_free(t);
	}
	sb_release(&out);
	sb_release(&msg);
	if (bad > 0) {
		/* Each error is printed above; main adds a summary. */
		err_set(e, rc == PARC_EIO ? PARC_EIO : PARC_EFOUND,
		    "sudoers check: %d of %d file%s refused", bad,
		    argc - optind, argc - optind == 1 ? "" : "s");
		return e->code;
	}
	return 0;
}
