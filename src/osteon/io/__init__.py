"""Reading and writing osteon's results (:mod:`osteon.io.results`)."""
