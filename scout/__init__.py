"""The `scout` command: the composition root that starts bot, worker and api."""
