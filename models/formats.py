"""Constants that training, the cache, export and the C++ engine must agree on, written once.

The C++ side states the same facts in include/automix/model_info.hpp (model format),
include/automix/processing_rate.hpp (rate) and src/mixer/model_info.cpp (stem order);
models/tests/test_formats.py reads those files and checks that both sides agree.
"""

SAMPLE_RATE = 44100
"""Every network works at 44.1 kHz only (docs/reference.md, conventions)."""

WINDOW_SAMPLES = 440960
"""The network window: the training crop (10 s rounded down to a multiple of 64) and the segment
an exported model recommends to the C++ engine (docs/reference.md#network-input-and-output)."""

STEM_ORDER = ("vocals", "bass", "drums", "other")
"""Order of the stems in a network's input channels (two channels per stem)."""

MODEL_FORMAT_VERSION = 3
"""Newest exported-model format (docs/model.md, "Export format"); older files still load."""

MODEL_FORMAT_NAME = "automix-mixer"
"""The `format` field of an exported model's metadata."""

MODEL_METADATA_FILE = "automix.json"
"""Name of the metadata entry inside the TorchScript archive."""

CACHE_FORMAT = 2
"""Version of the FX-normalization cache written by models/normalize_corpus.py (2: keeps the
normalization report per stem, which the conditioned console reads)."""
