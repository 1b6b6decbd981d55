"""roadmaps: a command-line tracker of integration road maps and programs, every fact cited."""

__version__ = "0.1.0"
