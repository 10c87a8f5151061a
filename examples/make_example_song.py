#!/usr/bin/env python3
"""Synthesizes the bundled example song: 8 s of dry multitrack stems at 120 BPM.

Writes examples/song/ (FLAC, 16-bit): Kick, Snare, HiHat (drums, mono), Bass DI (mono, 22.05 kHz to
exercise resampling), Lead Vox (a formant-synthesized "aah" melody standing in for a voice) and
Pad (stereo). Levels are deliberately unbalanced, as raw tracks are. Deterministic (fixed seed).
Run with /usr/bin/python3 (needs numpy, scipy, soundfile from Debian packages).
"""
import os
import sys

import numpy as np
import soundfile as sf
from scipy import signal

SR = 44100
BPM = 120.0
BEAT = 60.0 / BPM
BARS = 4
DURATION = BARS * 4 * BEAT  # 8 s
rng = np.random.default_rng(20261121)


def silence(sr=SR):
    return np.zeros(int(DURATION * sr))


def place(track, sound, start_s, sr=SR):
    i = int(start_s * sr)
    n = min(len(sound), len(track) - i)
    track[i:i + n] += sound[:n]


def kick():
    t = np.arange(int(0.35 * SR)) / SR
    freq = 45 + 75 * np.exp(-t * 30)
    phase = 2 * np.pi * np.cumsum(freq) / SR
    return np.sin(phase) * np.exp(-t * 9)


def snare():
    t = np.arange(int(0.25 * SR)) / SR
    noise = signal.lfilter(*signal.butter(2, [1500, 9000], "bandpass", fs=SR), rng.standard_normal(len(t)))
    body = np.sin(2 * np.pi * 185 * t) * np.exp(-t * 30)
    return 0.6 * noise * np.exp(-t * 18) + 0.5 * body


def hihat():
    t = np.arange(int(0.06 * SR)) / SR
    noise = signal.lfilter(*signal.butter(4, 7000, "highpass", fs=SR), rng.standard_normal(len(t)))
    return noise * np.exp(-t * 70)


# Am - F - C - G, one chord per bar (MIDI note numbers).
CHORDS = [[57, 60, 64], [53, 57, 60], [48, 52, 55], [55, 59, 62]]
MELODY = [(76, 0, 1), (74, 1, 0.5), (72, 1.5, 0.5), (72, 2, 2), (72, 4, 1), (69, 5, 1), (72, 6, 2),
          (67, 8, 1), (69, 9, 0.5), (72, 9.5, 1.5), (71, 11, 1), (74, 12, 1.5), (72, 13.5, 0.5),
          (71, 14, 2)]


def hz(note):
    return 440.0 * 2 ** ((note - 69) / 12)


def saw(freq, n, sr):
    t = np.arange(n) / sr
    return 2 * ((freq * t) % 1.0) - 1


def envelope(n, sr, attack=0.01, release=0.05):
    env = np.ones(n)
    a, r = int(attack * sr), int(release * sr)
    env[:a] = np.linspace(0, 1, a)
    env[-r:] *= np.linspace(1, 0, r)
    return env


def bass_track(sr=22050):
    track = silence(sr)
    for bar, chord in enumerate(CHORDS):
        root = chord[0] - 24
        for eighth in range(8):
            start = (bar * 4 + eighth * 0.5) * BEAT
            n = int(0.45 * BEAT * sr)
            note = root + (12 if eighth in (3, 7) else 0)
            tone = saw(hz(note), n, sr) * envelope(n, sr, 0.005, 0.03)
            place(track, tone, start, sr)
    return signal.lfilter(*signal.butter(2, 600, fs=sr), track)


def vowel_aah(note, length_s):
    """A glottal-pulse (sawtooth) source with vibrato through three 'a' formant resonators."""
    n = int(length_s * SR)
    t = np.arange(n) / SR
    f0 = hz(note) * (1 + 0.012 * np.sin(2 * np.pi * 5.5 * t) * np.clip(t / 0.3, 0, 1))
    source = 2 * ((np.cumsum(f0) / SR) % 1.0) - 1
    out = np.zeros(n)
    for formant, bandwidth, gain in [(800, 80, 1.0), (1150, 90, 0.5), (2900, 120, 0.25)]:
        b, a = signal.iirpeak(formant, formant / bandwidth, fs=SR)
        out += gain * signal.lfilter(b, a, source)
    return out * envelope(n, SR, 0.04, 0.12)


def main(folder):
    os.makedirs(folder, exist_ok=True)
    k, s, h = silence(), silence(), silence()
    for beat in range(BARS * 4):
        if beat % 2 == 0:
            place(k, kick(), beat * BEAT)
        if beat % 4 == 2:
            place(k, 0.7 * kick(), (beat + 1.5) * BEAT)  # the "and" of beat 4
        if beat % 2 == 1:
            place(s, snare(), beat * BEAT)
        for half in (0, 0.5):
            place(h, hihat() * (1.0 if half == 0 else 0.6), (beat + half) * BEAT)
    lead = silence()
    for note, start, length in MELODY:
        place(lead, vowel_aah(note, length * BEAT * 0.95), start * BEAT)
    pad = np.zeros((len(silence()), 2))
    for bar, chord in enumerate(CHORDS):
        n = int(4 * BEAT * SR)
        for ch, detune in enumerate((0.997, 1.003)):
            tone = sum(saw(hz(note) * detune, n, SR) for note in chord)
            place(pad[:, ch], tone * envelope(n, SR, 0.3, 0.3), bar * 4 * BEAT)
    pad = signal.lfilter(*signal.butter(2, 1800, fs=SR), pad, axis=0)

    # Unbalanced raw levels, as recorded: hot kick and bass, quiet hats, a low lead (peak dBFS).
    tracks = {
        "Kick.flac": (k, SR, -3),
        "Snare.flac": (s, SR, -8),
        "HiHat.flac": (h, SR, -20),
        "Bass DI.flac": (bass_track(), 22050, -4),
        "Lead Vox.flac": (lead, SR, -16),
        "Pad.flac": (pad, SR, -12),
    }
    for name, (audio, sr, peak_db) in tracks.items():
        audio = audio * (10 ** (peak_db / 20) / np.max(np.abs(audio)))
        peak = np.max(np.abs(audio))
        sf.write(os.path.join(folder, name), audio.astype(np.float32), sr, subtype="PCM_16")
        print(f"wrote {name}: {len(audio) / sr:.1f} s at {sr} Hz, peak {20 * np.log10(peak):.1f} dBFS")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "song"))
