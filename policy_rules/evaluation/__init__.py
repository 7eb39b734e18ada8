"""Scoring rulesets against a labelled corpus (``policy-rules eval``)."""
