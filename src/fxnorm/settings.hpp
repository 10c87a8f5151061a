// Constants and per-stem-type settings of FX normalization. The reference's values are explained
// in docs/reference.md, sections named before each group below.
#pragma once

#include "automix/processing_rate.hpp"
#include "automix/stem_type.hpp"

namespace automix::fxnorm {

constexpr int kSampleRate = kProcessingSampleRate;  ///< The only rate the stages accept.
// #fx-normalization-order-and-gate, #stft, #fx-normalization-eq
constexpr long long kPad = 65536;         ///< Zeros around each stem for measurements.
constexpr double kMinPeakDb = -50.0;      ///< Quieter stems skip every stage (bug 22).
constexpr int kAnalysisFft = 65536;       ///< EQ / panning-feature STFT size.
constexpr int kAnalysisHop = 16384;       ///< EQ / panning-feature STFT hop.
constexpr double kEqMeasureLufs = -30.0;  ///< Level at which spectra are measured.
constexpr int kEqTaps = 1001;             ///< firwin2 length.
constexpr int kEqGridPoints = 1025;       ///< firwin2 grid: every 32nd analysis bin.
constexpr double kEqMaxBoostDb = 40.0;    ///< Safety clamp on |H|^2 (our addition, docs).
constexpr double kEqMaxCutDb = 60.0;      ///< Safety clamp on |H|^2 (our addition, docs).
// #fx-normalization-dynamics
constexpr double kCompPeakDb = -10.0;         ///< Peak level before the onset descriptor.
constexpr double kCompMaxRatio = 20.0;        ///< Last ratio of the grid.
constexpr double kCompThresholdHigh = -10.0;  ///< First threshold of the grid, dB.
constexpr double kCompThresholdLow = -40.0;   ///< Last threshold of the grid, dB.
constexpr double kCompThresholdStep = 0.5;    ///< Threshold grid step, dB.
// #smoothing, #fx-normalization-panning, #statistics-panning-reference
constexpr int kPanningSmoothing = 501;   ///< Smoothing of phi and SPS curves.
constexpr int kPanFft = 2048;            ///< Panning-matching STFT.
constexpr int kPanHop = 1024;            ///< Panning-matching hop.
constexpr double kPanningGainK = 0.9;    ///< Reference phi scale, PANNING_GAIN_K.
constexpr double kPanOffsetLoud = 0.7;   ///< Static gain of the dominant side.
constexpr double kPanOffsetQuiet = 0.3;  ///< Static gain of the other side.
constexpr double kPanGateDb = -10.0;     ///< Frames with a quieter mono-sum peak bin keep gain 1.
constexpr double kSideLowHz = 50.0;      ///< Side-detection band.
constexpr double kSideHighHz = 2500.0;   ///< Side-detection band.

// Our additions (docs/fxnorm.md, deviations D16-D19), chosen by the measurements in the docs.
constexpr double kEqOctaveFraction = 6.0;    ///< Measured spectrum smoothed over 1/6 octave ...
constexpr int kEqMinSmoothingBins = 129;     ///< ... and at least 88 Hz, the FIR's resolution.
// The EQ response the report gives on a 1/6-octave grid, kEqResponseLowHz * 2^(k/6): the curve is
// smoothed over 1/6 octave, so this grid holds it, and a conditioned mixer (fx_account version 2)
// can undo the EQ where the ten octave centres would miss the curve between them.
constexpr double kEqResponseLowHz = 20.0;
constexpr int kEqResponsePerOctave = 6;
constexpr int kEqResponsePoints = 61;  ///< 20 Hz .. 20.48 kHz
constexpr double kBandwidthBandHz = 250.0;   ///< Band width of the bandwidth (cliff) detector.
constexpr double kBandwidthMinHz = 11000.0;  ///< Lowest cliff sought (codec low-passes: 11-20 kHz).
constexpr double kBandwidthCliffDb = 6.0;    ///< Drop that marks the end of the input's band.
constexpr double kPanCentreBalanceDb = 1.5;  ///< |L/R balance| below this: the stem stays put.
constexpr double kMaxStagePeakDb = 60.0;     ///< A stage output above this peak is a bug.
constexpr double kReferenceMaxBinGain = 1000.0;  ///< D19 bound in reference mode (musdb7: 370).
constexpr long long kReferenceTail = 8192;  ///< Real zeros kept around a stem in reference mode.

/// Per-stem-type settings (docs/reference.md#fx-normalization-settings).
struct StemSettings {
    int eq_smoothing;    ///< Moving-average width of EQ curves, bins.
    double ratio_start;  ///< First compressor ratio of the grid search.
    double attack_ms;    ///< Compressor attack.
    double release_ms;   ///< Compressor release.
    double pan_max_hz;   ///< Panning correction only below this frequency.
};

/// Settings of a stem type.
const StemSettings& stem_settings(StemType type);

}  // namespace automix::fxnorm
