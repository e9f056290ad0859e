"""Reads a fan-out benchmark results folder and draws its published charts (see docs/analysis.md)."""
