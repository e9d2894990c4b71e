"""Computing every figure a report shows from the catalogue and the data. No I/O."""
