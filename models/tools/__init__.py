"""Studies and plots around training (``/usr/bin/python3 -m models.tools.<script>``)."""
