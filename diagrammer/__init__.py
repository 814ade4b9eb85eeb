"""Diagrammer: draw agents and optimizers, see subagents and mesa-optimizers labelled."""

__version__ = "0.1.0"
