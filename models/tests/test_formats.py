"""models.formats against the C++ side: the facts both sides must agree on, read from the headers."""

import os
import re
import unittest

from models import formats

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def cpp_constant(relative_path: str, name: str) -> str:
    text = open(os.path.join(ROOT, relative_path)).read()
    match = re.search(rf"\b{name}\s*=\s*(\"[^\"]*\"|[0-9]+)\s*;", text)
    if match is None:
        raise AssertionError(f"{name} not found in {relative_path}")
    return match.group(1).strip('"')


class FormatsMatchCpp(unittest.TestCase):
    def test_model_format(self):
        header = "include/automix/model_info.hpp"
        self.assertEqual(int(cpp_constant(header, "kModelFormatVersion")),
                         formats.MODEL_FORMAT_VERSION)
        self.assertEqual(cpp_constant(header, "kModelFormatName"), formats.MODEL_FORMAT_NAME)
        self.assertEqual(cpp_constant(header, "kModelMetadataFile"), formats.MODEL_METADATA_FILE)

    def test_sample_rate(self):
        self.assertEqual(int(cpp_constant("include/automix/processing_rate.hpp",
                                          "kProcessingSampleRate")), formats.SAMPLE_RATE)

    def test_stem_order(self):
        text = open(os.path.join(ROOT, "src/mixer/model_info.cpp")).read()
        match = re.search(r"kStemOrder\s*=\s*\{([^}]*)\}", text)
        self.assertIsNotNone(match)
        self.assertEqual(tuple(re.findall(r"\"(\w+)\"", match.group(1))), formats.STEM_ORDER)


if __name__ == "__main__":
    unittest.main()
