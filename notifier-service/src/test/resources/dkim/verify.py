# Verifies every DKIM-Signature of every mail with Debian's python3-dkim, an implementation independent of ours.
# Usage: verify.py <records> <list>
#   records: lines "<selector>._domainkey.<domain> <TXT record value>"
#   list:    one .eml path per line
# Prints "FAIL <path> <index> <reason>" per failed signature, then "CHECKED <signatures> <mails>".
import sys
import dkim

records = {}
with open(sys.argv[1], encoding="ascii") as f:
    for line in f:
        name, value = line.rstrip("\n").split(" ", 1)
        records[name.lower().rstrip(".")] = value.encode("ascii")


def dns(name, timeout=5):
    return records.get(name.decode("ascii").lower().rstrip("."))


checked = 0
mails = 0
with open(sys.argv[2], encoding="utf-8") as listing:
    for path in listing:
        path = path.strip()
        with open(path, "rb") as f:
            message = f.read()
        mails += 1
        d = dkim.DKIM(message, minkey=2048)
        count = sum(1 for name, _ in d.headers if name.lower() == b"dkim-signature")
        if count == 0:
            print("FAIL", path, "-", "no DKIM-Signature")
        for index in range(count):
            checked += 1
            try:
                ok = d.verify(idx=index, dnsfunc=dns)
                reason = "signature does not verify"
            except Exception as e:  # a malformed signature is a failure too
                ok = False
                reason = repr(e)
            if not ok:
                print("FAIL", path, index, reason)
print("CHECKED", checked, mails)
