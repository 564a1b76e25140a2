/* SPDX-License-Identifier: MIT */
/* Subcommands of the iommusim CLI; each returns the process exit status. */
#ifndef IOMMUSIM_TOOLS_CLI_H
#define IOMMUSIM_TOOLS_CLI_H

/* Exit statuses (trace-format.md): 0 all held, 1 some failed, 2 input. */
#define IMS_EXIT_OK 0
#define IMS_EXIT_FAILED 1
#define IMS_EXIT_INPUT 2

int ims_cli_run(int argc, char **argv);
int ims_cli_faults(int argc, char **argv);
int ims_cli_bench(int argc, char **argv);

/* Parses a CLI number the way traces do (decimal or 0x hex). */
int ims_cli_parse_u64(const char *s, unsigned long long *out);

#endif
