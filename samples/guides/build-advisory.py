#!/usr/bin/env python3
"""Builds samples/advisory-with-guides.json from samples/advisory.json and the guides in this folder.

A guide file is <credential>.<language>.md (the general variant) or <credential>.<variant>.<language>.md; images
are the .png and .jpg files beside them. Run from anywhere: python3 samples/guides/build-advisory.py
"""
import base64
import json
import pathlib

here = pathlib.Path(__file__).resolve().parent
advisory = json.loads((here.parent / "advisory.json").read_text(encoding="utf-8"))
advisory["title"] = advisory["title"] + " (mit Anleitungen)"
advisory["summary"] = {
    "de": "Unsere Systeme wurden mit Schadsoftware angegriffen. Bitte ändern Sie die unten genannten Zugangsdaten "
          "Ihrer Praxis. Zu jedem finden Sie hier eine Anleitung.",
    "en": "Our systems were hit by malware. Please change the credentials of your practice listed below. "
          "Each has a guide here.",
}
guides = {}
for path in sorted(here.glob("*.md")):
    parts = path.name[:-3].split(".")
    credential, language = parts[0], parts[-1]
    guide = guides.setdefault(credential, {"variantField": None, "general": {}, "variants": {}})
    text = path.read_text(encoding="utf-8")
    if len(parts) == 2:
        guide["general"][language] = text
    else:
        guide["variantField"] = "konnektor_model"
        guide["variants"].setdefault(parts[1], {})[language] = text
advisory["guides"] = guides
advisory["images"] = [
    {"name": path.name, "contentType": "image/png", "data": base64.b64encode(path.read_bytes()).decode("ascii")}
    for path in sorted(here.glob("*.png"))
]
target = here.parent / "advisory-with-guides.json"
target.write_text(json.dumps(advisory, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print("wrote", target)
