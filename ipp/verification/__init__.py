"""Verification domain."""
