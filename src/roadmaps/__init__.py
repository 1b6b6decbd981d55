"""roadmaps: a command-line tracker of integration road maps and programs, every fact cited."""
