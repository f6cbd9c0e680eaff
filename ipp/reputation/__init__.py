"""Reputation domain."""
