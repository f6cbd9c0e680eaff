"""Notifications (e-mail outbox and in-app) and the message thread on a complaint."""
