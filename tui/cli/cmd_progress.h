/*
 * cmd_progress.h - parc campaign progress NAME (tui/cli/cmd_progress.c),
 * a subcommand of parc campaign.
 */
#ifndef PARC_CMD_PROGRESS_H
#define PARC_CMD_PROGRESS_H

#include "tui/cli/cmd.h"

/* parc campaign progress NAME [--json] [--sort KEY]; argv[0] "progress". */
int campaign_progress_cmd(struct ctx *ctx, int argc, char **argv,
    struct err *e);

#endif
