"""qscore's built-in rule types (each a plugin module) and its default rulebooks (package data)."""
