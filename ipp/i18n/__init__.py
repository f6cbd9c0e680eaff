"""I18n domain."""
