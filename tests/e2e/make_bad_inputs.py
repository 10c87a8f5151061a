"""Writes the bad-input fixtures of cli_bad_inputs.sh into a folder (one sub-folder per case).

Each case folder holds one good stem plus the faulty file, so the error must name the bad file.
"""
import os
import sys

import numpy as np
from scipy.io import wavfile

SR = 44100


def good(folder):
    t = np.arange(SR) / SR
    wavfile.write(os.path.join(folder, "bass.wav"), SR, (0.3 * np.sin(2 * np.pi * 55 * t)).astype(np.float32))


def case(root, name):
    folder = os.path.join(root, name)
    os.makedirs(folder)
    good(folder)
    return folder


def main(root):
    os.makedirs(os.path.join(root, "empty"))
    only_text = os.path.join(root, "no_audio")
    os.makedirs(only_text)
    with open(os.path.join(only_text, "notes.txt"), "w") as f:
        f.write("not audio\n")

    folder = case(root, "truncated")
    data = (0.5 * np.sin(np.arange(SR) * 0.05) * 32767).astype(np.int16)
    path = os.path.join(folder, "kick.wav")
    wavfile.write(path, SR, data)
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) // 3)

    folder = case(root, "zero_length")
    open(os.path.join(folder, "snare.wav"), "w").close()

    folder = case(root, "text_as_wav")
    with open(os.path.join(folder, "vocals.wav"), "w") as f:
        f.write("this is a text file with a .wav name\n" * 20)

    folder = case(root, "six_channels")
    wavfile.write(os.path.join(folder, "surround.wav"), SR, np.zeros((SR, 6), np.float32))

    folder = case(root, "nan")
    x = np.zeros((SR, 2), np.float32)
    x[1000, 1] = np.nan
    wavfile.write(os.path.join(folder, "nan_pad.wav"), SR, x)

    folder = case(root, "inf")
    x = np.zeros(SR, np.float32)
    x[5] = np.inf
    wavfile.write(os.path.join(folder, "inf_lead.wav"), SR, x)

    good_only = os.path.join(root, "good")
    os.makedirs(good_only)
    good(good_only)

    with open(os.path.join(root, "corrupt.pt"), "wb") as f:
        f.write(b"PK\x03\x04 this is not a TorchScript archive" + bytes(range(256)) * 4)


if __name__ == "__main__":
    main(sys.argv[1])
