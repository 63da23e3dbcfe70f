"""Copy the front-end libraries installed by npm (package-lock.json) into vanphong/static/vendor.

They are never committed: `make run` and `make test` run this after `npm ci`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
DEST = ROOT / "vanphong" / "static" / "vendor"

FILES = {
    "@tabler/core/dist/css/tabler.min.css": "tabler/tabler.min.css",
    "@tabler/core/dist/js/tabler.min.js": "tabler/tabler.min.js",
    "@tabler/icons-webfont/dist/tabler-icons.min.css": "tabler-icons/tabler-icons.min.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
    "flatpickr/dist/flatpickr.min.js": "flatpickr/flatpickr.min.js",
    "flatpickr/dist/flatpickr.min.css": "flatpickr/flatpickr.min.css",
    "flatpickr/dist/l10n/vn.js": "flatpickr/l10n/vn.js",
}
DIRS = {"@tabler/icons-webfont/dist/fonts": "tabler-icons/fonts"}


def main() -> int:
    missing = [src for src in [*FILES, *DIRS] if not (NODE / src).exists()]
    if missing:
        print("Thiếu thư viện giao diện (chạy npm ci): " + ", ".join(missing), file=sys.stderr)
        return 1
    for src, dst in FILES.items():
        target = DEST / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
    for src, dst in DIRS.items():
        shutil.copytree(NODE / src, DEST / dst, dirs_exist_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
