"""The one compiled part: the scan's per-line and per-word steps (ipp/verification/_fastscan.c).
optional: where it cannot be built (no C compiler), IPP installs and runs without it, on the
pure-Python path that gives the same results (prefilter_bulk); under CI=true a test fails then."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("ipp.verification._fastscan", ["ipp/verification/_fastscan.c"],
                             extra_compile_args=["-O2"], optional=True)])
