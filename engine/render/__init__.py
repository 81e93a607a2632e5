"""Output formats. Each is a renderer registered through the `register_renderers` hook."""
