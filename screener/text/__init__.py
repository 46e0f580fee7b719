"""Stage 1: registry text -> sections -> criterion lines; stage 2: line normalization."""
