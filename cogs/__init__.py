"""Slash-command groups: thin, they parse options, call bot/ and storage/, and reply."""
