"""Content signatures of an article body.

* The **exact** fingerprint is a hash of the body's normalised text (NFKC,
  case and white space folded), so a copy that differs only in line breaks,
  spacing, case or Unicode forms is still the same text.
* The **near** signature is a MinHash (datasketch permutations) over 5-word
  shingles, hashed with numpy (CRC-32 of each word, combined per shingle);
  long texts keep a fixed quarter of their shingles, chosen by hash, so the
  estimate stays unbiased. The 128 values are cut into 32 bands of 4 for
  locality-sensitive hashing: two bodies with Jaccard similarity s share at
  least one band with probability 1 - (1 - s^4)^32, which is 0.87 at s = 0.5,
  0.99 at s = 0.62 and 0.02 at s = 0.15. A band match only makes a
  *candidate*; it is a duplicate when the estimated similarity reaches
  ``NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD`` (0.5). On the sample site, copies
  with a paragraph dropped and a sentence reworded score 0.62–1.0 and
  different stories at most 0.44 (``tests/test_dedupe.py`` holds both bounds).
"""

from __future__ import annotations

import hashlib
import struct
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
#: Above this many shingles, only those whose hash is 0 modulo SAMPLE_MODULUS are used.
SAMPLE_ABOVE = 600
SAMPLE_MODULUS = 4  # a power of two
MAX_SHINGLE_WORDS = 1200
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
#: MinHash permutations must be the same in every run: stored signatures are compared with new ones.
MINHASH_SEED = 20250109

SCHEME = "affine32"
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=SCHEME)


def words(text: str) -> list[bytes]:
    """NFKC, lower case, UTF-8, split on white space (punctuation stays on its
    word: copies keep it). Bytes, because both hashes below read bytes: one
    encode of the whole text is cheaper than one per word."""
    return unicodedata.normalize("NFKC", text).lower().encode("utf-8").split()


@dataclass(frozen=True)
class Signature:
    exact: bytes
    minhash: np.ndarray
    #: One signed 64-bit LSH key per band, from the band number and its rows.
    bands: tuple[int, ...]

    def similarity(self, other_minhash: np.ndarray) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.minhash == other_minhash)) / NUM_PERM

    def minhash_bytes(self) -> bytes:
        return self.minhash.astype("<u8").tobytes()


def minhash_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8")


def shingle_hashes(tokens: list[bytes]) -> np.ndarray:
    """32-bit hashes of the word 5-shingles, computed with numpy rather than
    one Python hash call per shingle (the dedupe pipeline's hot path).

    Long texts keep the shingles whose hash is 0 modulo :data:`SAMPLE_MODULUS`:
    the same rule on both sides keeps the Jaccard estimate unbiased while
    hashing a fraction of the shingles.
    """
    if not tokens:
        return np.zeros(1, dtype=np.uint64)
    token_hashes = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint64, count=len(tokens))
    width = min(SHINGLE_WORDS, len(tokens))
    count = len(tokens) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for j in range(width):  # polynomial combination, wrapping in 64 bits
        combined = combined * np.uint64(1_000_003) + token_hashes[j:j + count]
    hashes = (combined ^ (combined >> np.uint64(29))) & np.uint64(0xFFFFFFFF)
    if len(hashes) > SAMPLE_ABOVE:
        sampled = hashes[(hashes & np.uint64(SAMPLE_MODULUS - 1)) == 0]
        if len(sampled) >= SAMPLE_ABOVE // SAMPLE_MODULUS:
            hashes = sampled
    # Repeated shingles are left in: a minimum over a multiset is the minimum over
    # its set, and np.unique's sort cost a tenth of a signature.
    return hashes


def signature(text: str) -> Signature:
    tokens = words(text)
    exact = hashlib.blake2b(b" ".join(tokens), digest_size=16).digest()
    mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=_TEMPLATE.permutations, scheme=SCHEME, hashfunc=int)
    # The first MAX_SHINGLE_WORDS words decide near-duplicates: a republished copy
    # shares its opening, and hashing every word of a very long text costs time per item.
    mh.update_batch(shingle_hashes(tokens[:MAX_SHINGLE_WORDS]).tolist())
    values = mh.hashvalues.astype(np.uint64)
    return Signature(exact, values, band_keys(values))


def band_keys(values: np.ndarray) -> tuple[int, ...]:
    raw = values.tobytes()
    width = ROWS * 8
    return tuple(
        int.from_bytes(hashlib.blake2b(raw[i * width:(i + 1) * width], digest_size=8, person=_PERSON[i]).digest(),
                       "big", signed=True)
        for i in range(BANDS)
    )


_PERSON = [struct.pack(">Q", i) for i in range(BANDS)]
