"""Readers (and downloaders) of the dataset formats the core owns: ``ogb`` and ``planetoid``.

They are registered like every other format, in the ``graphlab.formats`` entry-point group.
"""
