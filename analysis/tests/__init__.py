"""Unit tests of the analysis package; run with python3 -m unittest discover -s analysis/tests -t ."""
