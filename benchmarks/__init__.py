"""Benchmarks behind scripts/bench. They print figures; they never fail on time."""
