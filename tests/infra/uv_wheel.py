"""A local wheel of the uv binary, so a test can `pip install uv` without the internet."""

from __future__ import annotations

import base64
import hashlib
import stat
import subprocess
import zipfile
from pathlib import Path


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_uv_wheel(uv_binary: Path, into: Path) -> Path:
    """Packs `uv_binary` the way PyPI's uv wheels do: the binary under .data/scripts."""
    version = subprocess.run(
        [str(uv_binary), "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    dist_info = f"uv-{version}.dist-info"
    files = {
        f"uv-{version}.data/scripts/uv": uv_binary.read_bytes(),
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: uv\nVersion: {version}\n".encode(),
        f"{dist_info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: false\nTag: py3-none-any\n"
        ),
    }
    record = [_record_line(name, data) for name, data in files.items()]
    record.append(f"{dist_info}/RECORD,,")
    into.mkdir(parents=True, exist_ok=True)
    wheel = into / f"uv-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            archive.writestr(info, data)
        archive.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return wheel
