"""The commands' library API: build, serve, status, scaffold and the reference pages."""
