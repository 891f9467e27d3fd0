"""The bundled demo year: a generated programme history that reproduces IMDi's 2008 figures."""
from .generator import generate

__all__ = ["generate"]
