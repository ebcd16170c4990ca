"""Case studies: the same sections for every place, actors, history, comparison."""
