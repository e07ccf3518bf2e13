"""Benchmarks (`make bench`, `make bench-web`); a package so that mypy tells their scripts apart."""
