"""Benchmark of the proactive scan (vs grep -F -i) and of per-listing verify on a large index."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

_SYLLABLES = ("ka ro mi to lex ni ke sa do ver an el mo ra tek zu lin por vi ta co ne bel gu chi "
              "fa lo vor ste ban qui dex mar sol tri ze bo nu pha ri gal ton ser wei kin ly ox "
              "har del pen rus gor fi ja em").split()
_HAN = ("丽华美安康乐天宝金银星月光明泰顺达盛和宏信德福瑞嘉锦绣龙凤雅诗兰黛欧莱娇兰佳能"
        "松下索尼飞利浦资生堂兰芝雪花秀")
_WORDS = ("new original genuine sale hot men women kids shoes bag wallet watch phone case "
          "cover leather cotton running sport casual dress shirt jacket coat size color black "
          "white red blue green free shipping fast 2024 edition limited pro max mini plus "
          "for with and the a in of high quality best price gift box set pack of 2 3 pcs "
          "pineapple dovetail caravan channel marsupial louisiana nikon pumice").split()
_CJK_WORDS = "正品 新款 包邮 男士 女士 运动鞋 手提包 手錶 特價 限量 ランニング シューズ 운동화 가방".split()
_VOCAB = frozenset(_WORDS)
_LEET = {"o": "0", "i": "1", "e": "3", "a": "4", "s": "5", "t": "7"}
_HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і"}


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4, 4, 5))))


def generate_marks(n: int, seed: int) -> Iterator[dict]:
    """n marks with unique texts; one in ten has a Chinese alias, one in eight two words."""
    rng = random.Random(seed)
    seen: set[str] = set()
    i = 0
    while i < n:
        text = _name(rng) if rng.random() > 0.125 else f"{_name(rng)} {_name(rng)}"
        if text in seen or text in _VOCAB:
            continue  # a mark equal to a filler word would hit nearly every listing
        seen.add(text)
        aliases = ["".join(rng.choice(_HAN) for _ in range(rng.randint(2, 4)))] \
            if rng.random() < 0.1 else []
        yield {"office": "USPTO", "number": str(1_000_000 + i), "text": text.upper(),
               "aliases": aliases, "nice_classes": [25], "owner": "Bench Co",
               "status": "registered", "registered_on": "2020-01-01", "expires_on": None}
        i += 1


def _variant(rng: random.Random, mark: dict) -> str:
    text = mark["text"].lower()
    how = rng.choice(("exact", "upper", "leet", "sep", "zw", "homo", "typo", "alias", "width"))
    if how == "alias" and mark["aliases"]:
        import opencc

        return opencc.OpenCC("s2t").convert(mark["aliases"][0]) if rng.random() < 0.5 \
            else mark["aliases"][0]
    if how == "upper":
        return text.upper()
    if how == "width":
        return "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in text.upper())
    if how == "leet":
        return "".join(_LEET.get(c, c) if rng.random() < 0.4 else c for c in text)
    if how == "sep":
        return rng.choice((".", " ", "*", "-")).join(text.upper())
    if how == "zw":
        return "\u200b".join(text)
    if how == "homo":
        return "".join(_HOMO.get(c, c) if rng.random() < 0.5 else c for c in text)
    if how == "typo" and len(text) >= 9:
        k = rng.randrange(2, len(text) - 1)
        return text[:k] + text[k + 1:]
    return text.title()


def _tail_word(rng: random.Random) -> str:
    """A word of a listing's long tail, new almost every time: a model number or a word of
    random letters (lower-case or capitalised). Not made of the marks' syllables: those would
    be marks, or one edit from one, and turn the tail into planted hits."""
    k = rng.random()
    if k < 0.4:
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
                       for _ in range(rng.randint(5, 9)))
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 12)))
    return word if k < 0.7 else word.capitalize()


def generate_listings(n: int, marks_sample: list[dict], seed: int, planted: float = 0.1,
                      tail_words: int = 0) -> Iterator[dict]:
    """tail_words: words of the long tail added to each listing (one to the title, the rest to
    the description); 0 keeps the listings those of earlier runs with the same seed."""
    rng = random.Random(seed + 7)
    tail = random.Random(seed + 11)  # its own stream: the rest is the same with or without
    for i in range(n):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 14))]
        if rng.random() < 0.15:
            words.insert(rng.randrange(len(words)), rng.choice(_CJK_WORDS))
        if marks_sample and rng.random() < planted:
            words.insert(rng.randrange(len(words) + 1), _variant(rng, rng.choice(marks_sample)))
        desc = [rng.choice(_WORDS) for _ in range(rng.randint(10, 30))]
        for k in range(tail_words):
            into = words if k == 0 else desc
            into.insert(tail.randrange(len(into) + 1), _tail_word(tail))
        yield {"id": f"L{i}", "url": f"https://m.example/L{i}", "title": " ".join(words),
               "description": " ".join(desc), "seller": f"S{i % 997}", "category": "Shoes",
               "status": "active"}


def _write_jsonl(path: str, rows) -> None:
    with open(path, "w", encoding="utf-8") as fp:
        for row in rows:
            fp.write(json.dumps(row, ensure_ascii=False) + "\n")


def _rss_kib(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as fp:
        for line in fp:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def verify_timing(n_marks: int, samples: int, seed: int) -> dict:
    """Per-listing find_in_fields times against an index of n_marks marks, and its memory."""
    from .matching import MarkIndex, MarkTerm

    sample: list[dict] = []
    base = _rss_kib()

    def terms() -> Iterator[MarkTerm]:
        for i, m in enumerate(generate_marks(n_marks, seed + 1)):
            if i % max(1, n_marks // 5000) == 0:
                sample.append(m)
            key = (m["office"], m["number"])
            yield MarkTerm(key, m["text"])
            for a in m["aliases"]:
                yield MarkTerm(key, a, True)

    t0 = time.perf_counter()
    index = MarkIndex.build(terms())
    build_s = time.perf_counter() - t0
    after = _rss_kib()
    listings = list(generate_listings(samples, sample, seed, planted=0.5))
    for rec in listings[:50]:  # warm the character caches as a running server would have them
        index.find_in_fields({"title": rec["title"], "description": rec["description"]})
    times = []
    for rec in listings:
        t = time.perf_counter_ns()
        index.find_in_fields({"title": rec["title"], "description": rec["description"]})
        times.append(time.perf_counter_ns() - t)
    times.sort()
    return {"marks": n_marks, "terms": len(index), "build_s": round(build_s, 1),
            "p50_ms": times[len(times) // 2] / 1e6, "p99_ms": times[int(len(times) * 0.99)] / 1e6,
            "index_rss_mib": round((after - base) / 1024), "peak_rss_mib": round(
                _rss_kib("VmHWM") / 1024), "samples": samples}


def _ipp_command() -> list[str]:
    """`ipp` as installed next to this Python (a virtualenv's bin), else `python -m ipp.cli`."""
    script = os.path.join(os.path.dirname(sys.executable), "ipp")
    if os.access(script, os.X_OK):
        return [script]
    return [sys.executable, "-m", "ipp.cli"]


def run_bench(n_marks: int, n_listings: int, n_verify: int, samples: int, seed: int,
              keep: str | None, repeat: int = 3, tail_words: int = 0) -> Iterator[str]:
    tmp = keep or tempfile.mkdtemp(prefix="ipp-bench-")
    os.makedirs(tmp, exist_ok=True)
    try:
        marks_path, listings_path = os.path.join(tmp, "marks.jsonl"), os.path.join(tmp, "listings.jsonl")
        patterns_path = os.path.join(tmp, "patterns.txt")
        marks = list(generate_marks(n_marks, seed))
        _write_jsonl(marks_path, marks)
        with open(patterns_path, "w", encoding="utf-8") as fp:
            fp.writelines(m["text"] + "\n" for m in marks)
        _write_jsonl(listings_path, generate_listings(n_listings, marks[::50], seed,
                                                      tail_words=tail_words))
        del marks
        yield (f"data: {n_marks} marks, {n_listings} listings ({tail_words} long-tail words "
               f"each) in {tmp}")
        # The scan caches its mark index across processes: "cold" runs start without that
        # cache (they build and save it), "warm" runs find it. Best of `repeat` runs each.
        cache = os.path.join(tmp, "index-cache")
        env = {**os.environ, "IPP_SCAN_CACHE_DIR": cache}
        hits_path = os.path.join(tmp, "hits.jsonl")
        # The command users run (its process start included), not a module inside it.
        cmd = [*_ipp_command(), "scan", "--marks", marks_path, "--listings", listings_path,
               "--out", hits_path]
        runs: dict[tuple[int, str], float] = {}
        outputs = set()
        for jobs in sorted({1, os.cpu_count() or 1}):
            for state in ("cold", "warm"):
                best = float("inf")
                for _ in range(repeat):
                    if state == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    t = time.perf_counter()
                    subprocess.run(cmd + ["--jobs", str(jobs)], check=True, env=env,
                                   stderr=subprocess.DEVNULL)
                    best = min(best, time.perf_counter() - t)
                    with open(hits_path, "rb") as fp:
                        outputs.add(hashlib.sha256(fp.read()).hexdigest())
                runs[jobs, state] = best
        with open(hits_path, encoding="utf-8") as fp:
            hits = sum(1 for _ in fp)
        grep_s = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            with open(os.path.join(tmp, "grep.out"), "wb") as out:
                subprocess.run(["grep", "-F", "-i", "-f", patterns_path, listings_path], stdout=out,
                               env={**os.environ, "LC_ALL": "C"}, check=False)
            grep_s = min(grep_s, time.perf_counter() - t)
        with open(os.path.join(tmp, "grep.out"), "rb") as fp:
            grep_lines = sum(1 for _ in fp)
        for (jobs, state), seconds in runs.items():
            how = "no index cache: builds and saves it" if state == "cold" else "index cache present"
            yield f"ipp scan --jobs {jobs} {state} ({how}; subprocess, incl. start): {seconds:.2f} s"
        yield (f"ipp scan: {hits} hits, "
               f"{'identical' if len(outputs) == 1 else 'DIFFERENT'} output in every run")
        yield f"LC_ALL=C grep -F -i -f marks: {grep_s:.2f} s, {grep_lines} matching lines"
        for (jobs, state), seconds in runs.items():
            yield f"ratio ipp/grep (--jobs {jobs}, {state}): {seconds / max(grep_s, 1e-9):.1f}x"
        out = subprocess.run([sys.executable, "-m", "ipp.verification.bench", "verify",
                              str(n_verify), str(samples), str(seed)],
                             check=True, capture_output=True, text=True).stdout
        v = json.loads(out.strip().splitlines()[-1])
        yield (f"verify one listing (title+description) against {v['marks']} marks "
               f"({v['terms']} terms, built in {v['build_s']} s): p50 {v['p50_ms']:.2f} ms, "
               f"p99 {v['p99_ms']:.2f} ms over {v['samples']} listings")
        yield (f"memory: index RSS {v['index_rss_mib']} MiB, "
               f"process peak RSS {v['peak_rss_mib']} MiB")
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "verify":
    print(json.dumps(verify_timing(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
