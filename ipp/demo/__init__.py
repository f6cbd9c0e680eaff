"""Demo data for `ipp demo`: brands, agents, reviewers, marks, listings and complaints."""

from ipp.demo.loader import load_demo

__all__ = ["load_demo"]
