"""The bundled demo year: a generated programme history that reproduces IMDi's 2008 figures."""
from .generator import generate
from .loading import DemoRefused, Loaded, load

__all__ = ["generate", "load", "DemoRefused", "Loaded"]
