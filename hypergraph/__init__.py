"""Hypergraphs: container, readers and writers, projection, loss analysis, reconstruction."""
