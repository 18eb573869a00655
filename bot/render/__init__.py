"""Data -> what people see: text lines, Discord embeds, PNG charts."""
