/* Private to src/stats/: the engine behind struct stats. */
#ifndef INFOCIG_STATS_INTERNAL_H
#define INFOCIG_STATS_INTERNAL_H

#include "stats.h"

struct stats {
	struct store *st;
	struct stats_config cfg;
	int skip_aggregates;	/* stats_use_aggregates(s, 0) */
	int (*progress)(void *arg, int permille);	/* stats_set_progress() */
	void *progress_arg;
};

#endif
