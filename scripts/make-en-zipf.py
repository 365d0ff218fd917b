#!/usr/bin/env python3
"""Writes src/matcher/data/en-zipf.tsv: English words (a-z only) with a Zipf frequency of
3.0 or more (at least once per million words), sorted, each with its Zipf value times ten.

Source: the `large_en` list of wordfreq 3.1.1 (https://pypi.org/project/wordfreq/), whose
data is licensed CC BY-SA 4.0; so is the file this writes. Usage:
    pip download wordfreq==3.1.1 --no-deps -d /tmp/wf && pip install msgpack
    python3 scripts/make-en-zipf.py /tmp/wf/wordfreq-3.1.1-py3-none-any.whl
"""
import gzip, io, re, sys, zipfile

import msgpack

MIN_ZIPF = 3.0

wheel = zipfile.ZipFile(sys.argv[1])
data = msgpack.load(
    gzip.open(io.BytesIO(wheel.read("wordfreq/data/large_en.msgpack.gz"))), raw=False
)
zipf = {}
# cB format: after the header, bucket i holds the words of frequency 10^(-i/100).
for i, bucket in enumerate(data[1:]):
    z = 9 - i / 100
    if z < MIN_ZIPF:
        break
    for w in bucket:
        if re.fullmatch(r"[a-z]+", w) and w not in zipf:
            zipf[w] = z
with open("src/matcher/data/en-zipf.tsv", "w") as out:
    for w in sorted(zipf):
        out.write(f"{w}\t{round(zipf[w] * 10)}\n")
