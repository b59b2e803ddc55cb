"""Independent derivation of breach-notify's acknowledgement codes, for the tests.

Usage: derive.py <base64 key>  (stdin: one request a line, fields separated by tabs)
  general <advisory> <practice>
  contact <advisory> <practice> <contact>
  partner <advisory> <partner>
Prints each code as printed (XXXX-XXXX-XXXX-XXXX-C) and the SHA-256 of its data characters, tab-separated.
"""
import base64
import hashlib
import hmac
import sys

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = {"general": "ack-code/v1", "contact": "ack-code/v2", "partner": "partner-code/v1"}


def check_character(data):
    factor, total = 2, 0
    for ch in reversed(data):
        addend = factor * ALPHABET.index(ch)
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def code(key, kind, fields):
    message = "\0".join([PREFIX[kind]] + fields).encode("utf-8")
    bits = int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:10], "big")
    data = "".join(ALPHABET[(bits >> (75 - 5 * i)) & 31] for i in range(16))
    printed = "-".join(data[i:i + 4] for i in range(0, 16, 4)) + "-" + check_character(data)
    return printed, hashlib.sha256(data.encode("ascii")).hexdigest()


key = base64.b64decode(sys.argv[1])
for line in sys.stdin.read().splitlines():
    if line:
        kind, *fields = line.split("\t")
        print("\t".join(code(key, kind, fields)))
