"""Content signatures of an article body.

* The **exact** fingerprint is a hash of the body's normalised text (case,
  punctuation and white space folded), so a copy that differs only in
  typography is still the same text.
* The **near** signature is a MinHash (datasketch) over 5-word shingles. Its
  128 values are cut into 32 bands of 4 for locality-sensitive hashing: two
  bodies whose shingle sets have Jaccard similarity s share at least one band
  with probability 1 - (1 - s^4)^32, which is 0.99 at s = 0.5 and 0.04 at
  s = 0.15. A band match only makes a *candidate*; it is a duplicate when the
  estimated similarity reaches the threshold (``NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD``,
  0.5 by default). Republished copies with a sentence dropped or reworded score
  0.7–0.95; different stories that share boilerplate score under 0.1.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
#: MinHash permutations must be the same in every run: stored signatures are compared with new ones.
MINHASH_SEED = 20250109

_WORD_RE = re.compile(r"\w+", re.UNICODE)
SCHEME = "affine32"
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=SCHEME)


def words(text: str) -> list[str]:
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Signature:
    exact: bytes
    minhash: np.ndarray

    def bands(self) -> list[int]:
        """One signed 64-bit key per band, from the band number and its rows."""
        values = self.minhash
        return [
            int.from_bytes(
                hashlib.blake2b(values[i * ROWS:(i + 1) * ROWS].tobytes(), digest_size=8, person=struct.pack(">Q", i)).digest(),
                "big", signed=True,
            )
            for i in range(BANDS)
        ]

    def similarity(self, other_minhash: np.ndarray) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.minhash == other_minhash)) / NUM_PERM

    def minhash_bytes(self) -> bytes:
        return self.minhash.astype("<u8").tobytes()


def minhash_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8")


def signature(text: str) -> Signature:
    tokens = words(text)
    exact = hashlib.blake2b(" ".join(tokens).encode(), digest_size=16).digest()
    shingles = {" ".join(tokens[i:i + SHINGLE_WORDS]).encode() for i in range(max(1, len(tokens) - SHINGLE_WORDS + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=_TEMPLATE.permutations, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return Signature(exact, mh.hashvalues.astype(np.uint64))
