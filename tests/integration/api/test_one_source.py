"""The wire schema of a profile is the domain's: same fields, same limits (each defined once, in profile.py)."""

from typing import Any

from flask import Flask

from recommender.profile import Profile

BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "minItems", "maxItems", "maxLength", "pattern")


def _resolve(node: dict[str, Any], defs: dict[str, Any], prefix: str) -> dict[str, Any]:
    """A schema node without ``$ref``, ``allOf`` or nullable ``anyOf`` wrappers."""
    while True:
        if "$ref" in node:
            node = defs[node["$ref"].removeprefix(prefix)]
        elif "allOf" in node and len(node["allOf"]) == 1:
            node = node["allOf"][0]
        elif "anyOf" in node:
            real = [n for n in node["anyOf"] if n.get("type") != "null" and not n.get("nullable")]
            if len(real) != 1:
                return node
            node = real[0]
        else:
            return node


def _compare(wire: dict[str, Any], domain: dict[str, Any], wire_defs: dict[str, Any], domain_defs: dict[str, Any],
             path: str, problems: list[str]) -> None:
    wire = _resolve(wire, wire_defs, "#/components/schemas/")
    domain = _resolve(domain, domain_defs, "#/$defs/")
    for bound in BOUNDS:
        if bound in wire and bound in domain and float(wire[bound]) != float(domain[bound]) \
                if bound != "pattern" else bound in wire and bound in domain and wire[bound] != domain[bound]:
            problems.append(f"{path}: {bound} {wire[bound]} (wire) != {domain[bound]} (domain)")
    if "properties" in domain:
        names_w, names_d = set(wire.get("properties", {})), set(domain["properties"])
        if names_w != names_d:
            problems.append(f"{path}: fields differ: wire only {sorted(names_w - names_d)}, "
                            f"domain only {sorted(names_d - names_w)}")
        for name in names_w & names_d:
            _compare(wire["properties"][name], domain["properties"][name], wire_defs, domain_defs,
                     f"{path}.{name}" if path else name, problems)
    if "items" in wire and "items" in domain:
        _compare(wire["items"], domain["items"], wire_defs, domain_defs, f"{path}[]", problems)


def test_the_wire_profile_is_the_domain_profile(app: Flask) -> None:
    document = app.test_client().get("/api/openapi.json").get_json()
    wire_defs = document["components"]["schemas"]
    domain = Profile.model_json_schema()
    problems: list[str] = []
    _compare(wire_defs["Profile"], domain, wire_defs, domain.get("$defs", {}), "", problems)
    assert not problems, "\n".join(problems)
