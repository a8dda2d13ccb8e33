"""Snapshot the Google provider's argument names for the resource types deploy/terraform uses.

`terraform validate` needs the provider binary from the Terraform registry, which the
test machines cannot reach. The provider's schema also ships on PyPI, inside the CDKTF
bindings (a jsii assembly generated from the provider): this script reads it and writes
tests/schemas/terraform/google-<version>.json, a tree of argument and block names per
resource type, which tests/deploy/test_deploy_terraform.py checks every .tf file against.

Regenerate after changing the module's resource types or the provider version (the
bindings are 50 MB and pull in jsii, so they are not a project dependency):
    pip download cdktf-cdktf-provider-google==16.12.1 --no-deps -d /tmp/cdktf
    python scripts/terraform_schema_snapshot.py /tmp/cdktf/cdktf_cdktf_provider_google-*.whl
"""

from __future__ import annotations

import io
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import hcl2

ROOT = Path(__file__).resolve().parents[1]
MODULE = ROOT / "deploy" / "terraform"
OUT_DIR = ROOT / "tests" / "schemas" / "terraform"
FQN = re.compile(r'"fqn": "([^"]+)"')

Tree = dict[str, Any]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def load_assembly(wheel: Path) -> tuple[str, dict[str, Any]]:
    """The provider version the bindings were generated from, and the jsii assembly."""
    with zipfile.ZipFile(wheel) as archive:
        (member,) = [n for n in archive.namelist() if n.endswith(".jsii.tgz")]
        with tarfile.open(fileobj=io.BytesIO(archive.read(member))) as tar:
            package = tar.extractfile("package/package.json")
            assembly = tar.extractfile("package/.jsii")
            assert package is not None and assembly is not None
            version = json.load(package)["cdktf"]["provider"]["version"]
            return str(version), dict(json.load(assembly))


def used_types() -> set[tuple[str, str]]:
    used = set()
    for path in sorted(MODULE.glob("*.tf")):
        with path.open(encoding="utf-8") as handle:
            parsed = hcl2.load(handle)
        for kind in ("resource", "data"):
            for block in parsed.get(kind, []):
                for rtype in block:
                    name = rtype.strip('"')
                    if name.startswith("google_"):
                        used.add((kind, name))
    return used


def tree(types: dict[str, Any], fqn: str, depth: int = 0) -> Tree:
    """Argument names of a config struct; nested blocks map to their own tree."""
    result: Tree = {}
    for prop in types[fqn].get("properties", []):
        nested = None
        for ref in FQN.findall(json.dumps(prop["type"])):
            target = types.get(ref, {})
            if target.get("kind") == "interface" and target.get("datatype") and depth < 8:
                nested = tree(types, ref, depth + 1)
                break
        result[snake(prop["name"])] = nested
    return result


def main(wheel: Path) -> None:
    version, assembly = load_assembly(wheel)
    types = assembly["types"]
    snapshot: Tree = {}
    for kind, rtype in sorted(used_types()):
        module = camel(rtype.removeprefix("google_"))
        if kind == "data":
            module = "dataGoogle" + module[:1].upper() + module[1:]
        fqn = f"@cdktf/provider-google.{module}.{module[:1].upper() + module[1:]}Config"
        snapshot[f"{kind}.{rtype}"] = tree(types, fqn)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"google-{version}.json"
    out.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(snapshot)} types)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
