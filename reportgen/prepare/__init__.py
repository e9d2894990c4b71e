"""A quarter prepared: loaded, computed, narratives read and every check run."""
