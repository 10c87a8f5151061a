"""automix's mixer networks, their training and export (docs/model.md).

A package: run its scripts from the repository root as modules, e.g.
``/usr/bin/python3 -m models.train --config models/configs/console_cond.json --run RUN``.
Constants that the C++ side and several modules must agree on live in ``models.formats``.
"""
