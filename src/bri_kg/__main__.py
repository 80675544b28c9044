"""``python -m bri_kg`` runs the command-line interface."""

from bri_kg.cli import main

main()
