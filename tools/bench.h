/* SPDX-License-Identifier: MIT */
/*
 * `iommusim bench NAME`: each benchmark lives in tools/bench_NAME.c and
 * exports `int ims_bench_NAME(int argc, char **argv)` (argv[0] = "NAME").
 * tools/CMakeLists.txt compiles the files that exist and defines
 * IMS_HAVE_BENCH_NAME for each, so main.c lists only those.
 */
#ifndef IOMMUSIM_TOOLS_BENCH_H
#define IOMMUSIM_TOOLS_BENCH_H

int ims_bench_vtd(int argc, char **argv);   /* VT-d translation rates */
int ims_bench_type1(int argc, char **argv); /* map/unmap/replay costs */
int ims_bench_trace(int argc, char **argv); /* statements per second */

#endif
