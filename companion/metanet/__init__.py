"""Metanet: a private, local-first meta-network of everyone a person knows."""

__version__ = "0.1.0"
