"""``python -m runsense`` runs the command-line interface."""

from runsense.cli import main

main()
