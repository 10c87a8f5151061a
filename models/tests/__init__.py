"""Unit tests of the mixer networks, training and export: ``python3 -m unittest discover -s models/tests -t .``."""
