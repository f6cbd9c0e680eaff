"""The one compiled part: the scan's per-line and per-word steps (ipp/verification/fastscan/).
optional: where it cannot be built (no C compiler), IPP installs and runs without it, on the
pure-Python path that gives the same results (prefilter_bulk); under CI=true a test fails then."""

from glob import glob

from setuptools import Extension, setup

setup(ext_modules=[Extension("ipp.verification._fastscan",
                             sorted(glob("ipp/verification/fastscan/*.c")),
                             depends=sorted(glob("ipp/verification/fastscan/*.h")),
                             extra_compile_args=["-O2"], optional=True)])
