"""``python -m policy_rules`` runs the command line."""

from .cli.main import run

run()
