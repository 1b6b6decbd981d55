"""`python -m roadmaps` runs the command line."""

from roadmaps.cli import main

main()
