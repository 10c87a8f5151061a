"""LMMS project (.mmp / .mmpz) handling for the automix corpus builder.

* load/save project XML (``.mmpz`` = Qt qCompress: 4-byte big-endian length + zlib)
* enumerate the audible tracks (song editor + beat/bassline editor)
* rule-based grouping into vocals / bass / drums / other
* create the render variants: a *wet* copy (producer's mix, other groups muted)
  and a *dry* copy (effect chains off, volume 100 %, pan centred, every track
  routed straight to a neutral master; volume/pan automation removed)
* plugin / sample availability check (headless render needs them)
"""
from __future__ import annotations

import copy
import fnmatch
import os
import re
import statistics
import struct
import zlib
import xml.etree.ElementTree as ET

from models.data import stem_names

LMMS_SHARE = "/usr/share/lmms"
LMMS_LIB = "/usr/lib/x86_64-linux-gnu/lmms"
INSTRUMENT = "0"
BBTRACK = "1"
SAMPLE = "2"
TICKS_PER_BAR_44 = 192


# --------------------------------------------------------------------------- I/O
def load_project(path: str) -> ET.Element:
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".mmpz"):
        (n,) = struct.unpack(">I", data[:4])
        data = zlib.decompress(data[4:])
        if len(data) != n:
            raise ValueError(f"{path}: bad qCompress length {len(data)} != {n}")
    # LMMS writes a DOCTYPE; ElementTree ignores it.
    return ET.fromstring(data)


def save_project(root: ET.Element, path: str) -> None:
    body = ET.tostring(root, encoding="unicode")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE lmms-project>\n')
        f.write(body)


def song_name(path: str) -> str:
    b = os.path.basename(path)
    for ext in (".mmpz", ".mmp"):
        if b.endswith(ext):
            b = b[: -len(ext)]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", b).strip("_")


# ------------------------------------------------------------------ tracks
def _song_tc(root):
    tc = root.find("song/trackcontainer")
    if tc is None:
        raise ValueError("no song/trackcontainer")
    return tc


def iter_audible_tracks(root):
    """Yield (track_element, bb_parent_element_or_None) in document order."""
    for tr in _song_tc(root).findall("track"):
        t = tr.get("type")
        if t in (INSTRUMENT, SAMPLE):
            yield tr, None
        elif t == BBTRACK:
            for sub in tr.findall("bbtrack/trackcontainer/track"):
                if sub.get("type") in (INSTRUMENT, SAMPLE):
                    yield sub, tr


def fx_channels(root):
    out = {}
    fxm = root.find("song/fxmixer")
    if fxm is None:
        return out
    for ch in fxm.findall("fxchannel"):
        out[int(ch.get("num", "0"))] = ch
    return out


def _chain_effects(chain):
    if chain is None or chain.get("enabled", "1") == "0":
        return []
    res = []
    for e in chain.findall("effect"):
        if e.get("on", "1") == "0" or e.get("name") == "spectrumanalyzer":  # analysis only
            continue
        nm = e.get("name", "?")
        key = e.find("key")
        if key is not None:
            attrs = {a.get("name"): a.get("value") for a in key.findall("attribute")}
            nm = f"{nm}:{attrs.get('file', '')}/{attrs.get('plugin', '')}"
        res.append(nm)
    return res


def _model_value(el, name, default):
    """Attribute or (automated / controlled) child element value of a model."""
    v = el.get(name)
    if v is None:
        c = el.find(name)
        if c is not None:
            v = c.get("value")
    try:
        return float(v) if v is not None else default
    except ValueError:
        return default


def _is_automated(el, name):
    c = el.find(name)
    if c is not None and c.get("id"):
        return True
    for con in el.findall("connection"):
        if con.find(name) is not None:
            return True
    return False


def _zyn_names(instr):
    names = []
    for info in instr.iter("INFO"):
        for s in info.findall("string"):
            if s.get("name") == "name" and (s.text or "").strip():
                names.append(s.text.strip())
    return names


def _notes(tr):
    keys = []
    for p in tr.findall("pattern"):
        for n in p.findall("note"):
            try:
                keys.append(int(n.get("key")))
            except (TypeError, ValueError):
                pass
    return keys


def _fx_route_effects(chans, num, seen=None):
    """Effects met on the way from FX channel *num* to the master."""
    seen = seen or set()
    if num in seen or num not in chans:
        return []
    seen.add(num)
    ch = chans[num]
    eff = [f"fx{num}:{e}" for e in _chain_effects(ch.find("fxchain"))]
    sends = [int(s.get("channel")) for s in ch.findall("send")] if num != 0 else []
    if num != 0 and not sends:
        sends = [0]
    for s in sends:
        eff += _fx_route_effects(chans, s, seen)
    return eff


def _fx_route_muted(chans, num):
    ch = chans.get(num)
    return ch is not None and ch.get("muted", "0") == "1"


def describe_tracks(root):
    """List of dicts describing every audible track (id = t00, t01, ...)."""
    chans = fx_channels(root)
    tracks = []
    for i, (tr, bb) in enumerate(iter_audible_tracks(root)):
        d = {"id": f"t{i:02d}", "name": tr.get("name", ""),
             "kind": "instrument" if tr.get("type") == INSTRUMENT else "sample",
             "bb": bb.get("name") if bb is not None else None,
             "plugin": None, "samples": [], "presets": [], "n_notes": 0,
             "median_key": None, "effects": [], "fxch": 0}
        muted = tr.get("muted", "0") == "1" or (bb is not None and bb.get("muted", "0") == "1")
        if tr.get("type") == INSTRUMENT:
            it = tr.find("instrumenttrack")
            ins = it.find("instrument") if it is not None else None
            if ins is not None:
                d["plugin"] = ins.get("name")
                for el in ins.iter():
                    s = el.get("src")
                    if s:
                        d["samples"].append(s)
                d["presets"] = _zyn_names(ins) if d["plugin"] == "zynaddsubfx" else []
            keys = _notes(tr)
            d["n_notes"] = len(keys)
            d["median_key"] = statistics.median(keys) if keys else None
            d["distinct_keys"] = len(set(keys))
            d["vol"] = _model_value(it, "vol", 100.0)
            d["pan"] = _model_value(it, "pan", 0.0)
            d["fxch"] = int(_model_value(it, "fxch", 0))
            d["automated"] = [m for m in ("vol", "pan") if _is_automated(it, m)]
            d["effects"] = _chain_effects(it.find("fxchain"))
            d["effects"] += _fx_route_effects(chans, d["fxch"])
            muted = muted or _fx_route_muted(chans, d["fxch"])
            d["n_clips"] = len(tr.findall("pattern"))
        else:
            st = tr.find("sampletrack")
            d["plugin"] = "sampletrack"
            d["samples"] = [c.get("src") for c in tr.findall("sampletco") if c.get("src")]
            d["vol"] = _model_value(st, "vol", 100.0) if st is not None else 100.0
            d["pan"] = _model_value(st, "pan", 0.0) if st is not None else 0.0
            d["automated"] = [m for m in ("vol", "pan") if st is not None and _is_automated(st, m)]
            d["effects"] = _chain_effects(tr.find("fxchain")) + _chain_effects(
                st.find("fxchain") if st is not None else None)
            d["effects"] += _fx_route_effects(chans, 0)
            d["n_clips"] = len(tr.findall("sampletco"))
        d["muted"] = muted
        tracks.append(d)
    return tracks


def mixing_summary(root, tracks):
    chans = fx_channels(root)
    master = chans.get(0)
    head = root.find("head")
    return {
        "master_effects": _chain_effects(master.find("fxchain")) if master is not None else [],
        "master_volume": float(master.get("volume", "1")) if master is not None else 1.0,
        "mastervol": _model_value(head, "mastervol", 100.0) if head is not None else 100.0,
        "fx_channels_used": sorted({t["fxch"] for t in tracks if t["fxch"]}),
        "automation_patterns": len(root.findall(".//automationpattern")),
    }


def project_meta(root):
    head = root.find("head")
    bpm = _model_value(head, "bpm", 140.0)
    num = int(_model_value(head, "timesig_numerator", 4))
    den = int(_model_value(head, "timesig_denominator", 4))
    end = 0
    for tr in _song_tc(root).findall("track"):
        for c in tr:
            if c.tag in ("pattern", "bbtco", "sampletco", "automationpattern") and c.get("pos") and c.get("len"):
                end = max(end, int(c.get("pos")) + int(c.get("len")))
    ticks_per_beat = 48 * 4 / den
    seconds = end / ticks_per_beat * 60.0 / bpm
    notes = root.find(".//projectnotes")
    text = re.sub(r"<[^>]+>", " ", notes.text or "") if notes is not None else ""
    return {"bpm": bpm, "timesig": f"{num}/{den}", "song_ticks": end,
            "estimated_seconds": round(seconds, 2), "creatorversion": root.get("creatorversion"),
            "notes": " ".join(text.split())[:500]}


# -------------------------------------------------------------- availability
def check_availability(root, project_dir):
    problems = []
    for ins in root.iter("instrument"):
        nm = ins.get("name")
        if nm and not os.path.exists(os.path.join(LMMS_LIB, f"lib{nm}.so")):
            problems.append(f"instrument plugin '{nm}' not installed")
        if nm in ("vestige", "vsteffect"):
            problems.append("VST plugin (not supported headless on Linux)")
    ladspa_dirs = [os.path.join(LMMS_LIB, "ladspa"), "/usr/lib/ladspa"] + \
        os.environ.get("LADSPA_PATH", "").split(":")
    for eff in root.iter("effect"):
        nm = eff.get("name")
        if nm == "ladspaeffect":
            key = eff.find("key")
            attrs = {a.get("name"): a.get("value") for a in key.findall("attribute")} if key is not None else {}
            f = attrs.get("file", "")
            f = f if f.endswith(".so") else f + ".so"
            if not any(d and os.path.exists(os.path.join(d, f)) for d in ladspa_dirs):
                problems.append(f"LADSPA library '{f}' not found")
        elif nm in ("vsteffect", "lv2effect", "carlapatchbay", "carlarack"):
            problems.append(f"effect '{nm}' unavailable headless")
        elif nm and not os.path.exists(os.path.join(LMMS_LIB, f"lib{nm}.so")):
            problems.append(f"effect plugin '{nm}' not installed")
    for el in root.iter():
        if el.tag in ("audiofileprocessor", "sampletco") or (el.tag == "patman"):
            s = el.get("src")
            if s and not _resolve_sample(s, project_dir):
                problems.append(f"sample '{s}' missing")
    return sorted(set(problems))


def _resolve_sample(src, project_dir):
    cands = [src] if os.path.isabs(src) else [
        os.path.join(LMMS_SHARE, "samples", src), os.path.join(project_dir, src),
        os.path.join(os.path.expanduser("~/lmms/samples"), src)]
    return any(os.path.exists(c) for c in cands)


# ------------------------------------------------------------------ grouping
# Track, sample and preset names are read with the stem-name table automix uses
# (configs/stem_names.json via stem_names.py); the folder and plugin rules below are
# evidence only an LMMS project has.
_DRUM_SAMPLE_DIRS = ("drums/", "beats/", "latin/", "drumsynth/")
_NON_DRUM_DRUMSYNTH = ("drumsynth/instrument/", "drumsynth/effects/")


def classify_rules(t):
    """Return (group, reason) or (None, reason) if no rule matched."""
    by_name = stem_names.classify_name(t["name"] or "", stem_file=False)
    samples = t.get("samples") or []
    presets = " ".join(t.get("presets") or [])
    plugin = t.get("plugin") or ""
    # explicit track name first (its 'other' words count only after samples and presets)
    if by_name and by_name[0] != "other":
        return by_name[0], f"track name matches {by_name[0]} ('{by_name[1]}')"
    # sample files
    for s in samples:
        low = s.lower()
        m = stem_names.classify_name(os.path.splitext(os.path.basename(s))[0], stem_file=False)
        grp = m[0] if m else None
        if grp == "vocals":
            return "vocals", f"sample '{low}'"
        if low.startswith(_DRUM_SAMPLE_DIRS) and not low.startswith(_NON_DRUM_DRUMSYNTH):
            return "drums", f"sample '{low}' (drum sample folder)"
        if grp == "drums":
            return "drums", f"sample '{low}'"
        if low.startswith(("basses/", "bassloops/")) or grp == "bass":
            return "bass", f"sample '{low}'"
    # synth preset names (ZynAddSubFX)
    if presets:
        m = stem_names.classify_name(presets, stem_file=False)
        if m:
            return m[0], f"preset name '{presets.lower()[:40]}'"
    if by_name:
        return "other", f"track name matches other ('{by_name[1]}')"
    if plugin == "kicker" and t.get("distinct_keys", 0) <= 2:
        # kicker is a drum synth, but some producers play melodies with it
        return "drums", "plugin kicker (drum synth) playing <= 2 distinct keys"
    if plugin == "lb302":
        return "bass", "plugin lb302 (303-style bass synth)"
    if plugin in ("sfxr",):
        return "other", "plugin sfxr (sound effects)"
    if samples and all(s.lower().startswith(("instruments/", "effects/", "misc/", "shapes/",
                                             "stringsnpads/", "drumsynth/instrument/",
                                             "drumsynth/effects/"))
                       for s in samples):
        return "other", f"sample '{samples[0].lower()}'"
    return None, "no name/plugin/sample rule matched"


def classify_symbolic(t):
    """Weak fallback from the notes (LMMS key 57 = A4)."""
    if t.get("median_key") is None:
        return None, "no notes"
    if t["median_key"] < 40:  # below E3 (MIDI 52)
        return "bass", f"median note key {t['median_key']} (low register)"
    return "other", f"median note key {t['median_key']}"


# ------------------------------------------------------------------ variants
_TRACK_NEUTRAL = {"vol": "100", "pan": "0"}


def _neutralise_model(el, name, value, removed_ids):
    el.set(name, value)
    c = el.find(name)
    if c is not None:
        if c.get("id"):
            removed_ids.add(c.get("id"))
        el.remove(c)
    for con in list(el.findall("connection")):
        for m in list(con):
            if m.tag == name:
                con.remove(m)
        if len(con) == 0:
            el.remove(con)


def make_variant(root, group_of, group, dry, keep_ids=None):
    """Copy of *root* where only tracks with group_of[id] == group are audible.

    group_of: dict track-id -> group (tracks missing from it are muted).
    keep_ids: optional explicit set of track ids to keep (overrides group).
    dry: apply the dry transformation (see module doc / docs/corpus.md).
    """
    r = copy.deepcopy(root)
    removed_ids = set()
    for i, (tr, bb) in enumerate(iter_audible_tracks(r)):
        tid = f"t{i:02d}"
        keep = (tid in keep_ids) if keep_ids is not None else (group_of.get(tid) == group)
        tr.set("solo", "0")
        if not keep:
            tr.set("muted", "1")
        if dry:
            it = tr.find("instrumenttrack")
            st = tr.find("sampletrack")
            for el in (it, st):
                if el is None:
                    continue
                for k, v in _TRACK_NEUTRAL.items():
                    _neutralise_model(el, k, v, removed_ids)
            if it is not None:
                _neutralise_model(it, "fxch", "0", removed_ids)
    for tr in _song_tc(r).findall("track"):
        tr.set("solo", "0")
    if dry:
        for chain in r.iter("fxchain"):
            chain.set("enabled", "0")
            for e in chain.findall("effect"):
                e.set("on", "0")
        for ch in fx_channels(r).values():
            _neutralise_model(ch, "volume", "1", removed_ids)
        head = r.find("head")
        if head is not None:
            _neutralise_model(head, "mastervol", "100", removed_ids)
        # drop automation / controller links to the neutralised models
        for ap in r.iter("automationpattern"):
            for ob in list(ap.findall("object")):
                if ob.get("id") in removed_ids:
                    ap.remove(ob)
    return r


def truncate_song(root, seconds):
    """Shorten the song (in place) to about *seconds* (rounded up to a bar)."""
    meta = project_meta(root)
    bar = TICKS_PER_BAR_44
    ticks_per_sec = meta["song_ticks"] / max(meta["estimated_seconds"], 1e-6)
    limit = int(((seconds * ticks_per_sec) // bar + 1) * bar)
    for tr in _song_tc(root).findall("track"):
        for c in list(tr):
            if c.tag in ("pattern", "bbtco", "sampletco", "automationpattern") and c.get("pos"):
                pos, ln = int(c.get("pos")), int(c.get("len", "0"))
                if pos >= limit:
                    tr.remove(c)
                elif pos + ln > limit:
                    newlen = limit - pos
                    c.set("len", str(newlen))
                    # LMMS recomputes a pattern's length from its notes: drop/cut them too
                    for nt in list(c.findall("note")):
                        npos = int(nt.get("pos", "0"))
                        if npos >= newlen:
                            c.remove(nt)
                        elif npos + int(nt.get("len", "0")) > newlen:
                            nt.set("len", str(newlen - npos))
    return limit


# -------------------------------------------------------------- licences
def parse_dep5(path="/usr/share/doc/lmms-common/copyright"):
    """Minimal Debian machine-readable copyright parser -> list of paragraphs."""
    paras, cur, key = [], {}, None
    if not os.path.exists(path):
        return paras
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    paras.append(cur)
                cur, key = {}, None
                continue
            if line[0] in " \t" and key:
                cur[key] += "\n" + line.strip()
            elif ":" in line:
                key, v = line.split(":", 1)
                cur[key] = v.strip()
    if cur:
        paras.append(cur)
    return paras


def licence_for(project_path, paras=None):
    """(licence, copyright) for a file of lmms-common per the Debian copyright."""
    paras = paras if paras is not None else parse_dep5()
    rel = project_path
    if LMMS_SHARE + "/projects/" in project_path:
        rel = "data/projects/" + project_path.split(LMMS_SHARE + "/projects/", 1)[1]
    lic, cop = None, None
    for p in paras:
        if "Files" not in p:
            continue
        pats = p["Files"].split()
        if any(fnmatch.fnmatch(rel, pat) for pat in pats):
            lic = p.get("License", "").split("\n")[0].strip()
            cop = " ".join(p.get("Copyright", "").split())
    return lic, cop


def author_from_name(name):
    base = os.path.basename(name)
    base = re.sub(r"\.mmpz?$", "", base)
    return base.split("-", 1)[0] if "-" in base else None
