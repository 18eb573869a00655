"""Application services: read the store, run the domain in the worker pool, return data
(never sentences) for bot/render to word."""
