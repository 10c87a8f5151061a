"""The stem-name table of configs/stem_names.json, read the way automix reads it.

automix groups stem files by this table (src/stems/name_table.cpp); the corpus
builder groups LMMS tracks and imported multitrack files by it, so training and
inference group by the same rules. The matching below mirrors the C++ code word
for word; tests/unit/stems_name_parity_test.cpp checks that both give the same
group for a list of names.
"""
from __future__ import annotations

import functools
import json
import os

TABLE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "configs",
                          "stem_names.json")


@functools.lru_cache(maxsize=None)
def table() -> dict:
    with open(TABLE_PATH, encoding="utf-8") as f:
        return json.load(f)


def words_of(name: str) -> list[str]:
    """Lower-case words split at non-letters, camelCase boundaries and letter/digit changes."""
    words, cur = [], ""
    for i, c in enumerate(name):
        if c.isascii() and c.isalpha():
            if c.isupper() and i > 0 and name[i - 1].isascii() and name[i - 1].islower() and cur:
                words.append(cur)
                cur = ""
            cur += c.lower()
        elif c.isascii() and c.isdigit():
            # digits stay attached only to digits ("808"); "kick2" is {kick, 2}
            if cur and not cur[-1].isdigit():
                words.append(cur)
                cur = ""
            cur += c
        else:
            if cur:
                words.append(cur)
            cur = ""
    if cur:
        words.append(cur)
    return words


def _word_matches(word: str, keyword: str) -> bool:
    # exactly, or as a plural/derived form ("kicks", "vocals", "toms")
    return word == keyword or (len(keyword) >= 3 and len(word) <= len(keyword) + 2
                               and word.startswith(keyword))


def classify_name(name: str, stem_file: bool = True):
    """(group, keyword) of the first rule that matches `name` (no extension), or None.

    `stem_file=False` (LMMS track, sample and preset names) skips the rules marked
    stem_files_only: an LMMS track called 'Lead' is a synth, not the lead vocal."""
    words = words_of(name)
    for rule in table()["word_rules"]:
        if rule.get("stem_files_only") and not stem_file:
            continue
        for keyword in rule["keywords"]:
            if any(_word_matches(w, keyword) for w in words):
                return rule["group"], keyword
    joined = "".join(words)
    for rule in table()["joined_rules"]:
        if rule["keyword"] in joined:
            return rule["group"], rule["keyword"]
    return None


def looks_like_full_mix(name: str) -> bool:
    """True for a file named like the song's full mix ('mixture', 'Final Mix')."""
    rule = table()["full_mix"]
    words = words_of(name)
    return len(words) <= rule["max_words"] and any(w in rule["words"] for w in words)


def classify_file_name(file_name: str) -> tuple[str, str]:
    """automix's group of a stem file: (group, keyword), ('other', '') when no rule matches."""
    return classify_name(os.path.splitext(os.path.basename(file_name))[0]) or ("other", "")
