"""Ruche: a self-hosted workspace for people who learn and produce knowledge together."""

__version__ = "0.1.0"
