"""A one-day self-signed certificate, so nginx starts before Let's Encrypt's first one.

Usage: python3 placeholder.py <domain> <directory>  (writes fullchain.pem and privkey.pem).
Browsers refuse it (and so ignore HSTS over it); it lives only until certbot succeeds.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def write_placeholder(domain: str, directory: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # the key first, each written whole then renamed: nginx never reads half a file
    for filename, data, mode in (
        ("privkey.pem", key_pem, 0o600),
        ("fullchain.pem", cert.public_bytes(serialization.Encoding.PEM), 0o644),
    ):
        partial = directory / f".{filename}.tmp"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        partial.replace(directory / filename)


if __name__ == "__main__":
    write_placeholder(sys.argv[1], Path(sys.argv[2]))
