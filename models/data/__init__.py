"""The training corpus builder (docs/corpus.md): ``/usr/bin/python3 -m models.data.<script>``."""
