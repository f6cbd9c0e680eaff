"""Listings domain."""
