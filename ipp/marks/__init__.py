"""Marks domain."""
