"""Finds the fonts PDF reports embed (Latin, CJK, Arabic) at run time, by path or by search."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
# (family, file names in order of preference, the Debian package that ships them)
WANTED = (
    ("latin", ("NotoSans-Regular.ttf", "DejaVuSans.ttf"), "fonts-noto-core"),
    ("cjk", ("wqy-microhei.ttc", "NotoSansCJK-Regular.ttc"), "fonts-wqy-microhei"),
    ("arabic", ("NotoSansArabic-Regular.ttf", "NotoNaskhArabic-Regular.ttf"), "fonts-noto-core"),
)
KNOWN = {
    "NotoSans-Regular.ttf": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "wqy-microhei.ttc": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "NotoSansArabic-Regular.ttf": "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
}


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class FontSet:
    latin: Path
    cjk: Path
    arabic: Path


def _find(name: str) -> Path | None:
    known = KNOWN.get(name)
    if known and Path(known).is_file():
        return Path(known)
    for base in FONT_DIRS:
        if base.is_dir():
            for path in base.rglob(name):
                return path
    return None


@lru_cache(maxsize=1)
def find_fonts() -> FontSet:
    """Raises FontMissing naming the packages to install when a script has no font."""
    found, missing = {}, []
    for family, names, package in WANTED:
        path = next((p for p in map(_find, names) if p), None)
        if path is None:
            missing.append(f"{family} ({' or '.join(names)}; apt-get install {package})")
        found[family] = path
    if missing:
        raise FontMissing("PDF reports need fonts that are not installed: " + ", ".join(missing))
    return FontSet(**found)
