"""bench/make_data.py: the reference 街道 of the speed bench is valid data, a 社区 and a 村 alike."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from make_data import generate  # noqa: E402

from generator.load.repository import load_site  # noqa: E402
from generator.privacy import gate  # noqa: E402
from generator.privacy import masking as privacy  # noqa: E402


def test_generated_street_passes_check_with_every_kind_and_both_levels(tmp_path: Path) -> None:
    slugs = generate(tmp_path / "a", committees=2, years=2)
    site = load_site(tmp_path / "a")  # raises DataErrors on any mistake, as gongkailan check would
    assert slugs == ["sq01", "cun02"] and sorted(c.slug for c in site.committees) == sorted(slugs)
    by_slug = {c.slug: c for c in site.committees}
    shequ, cun = by_slug["sq01"], by_slug["cun02"]
    assert (shequ.profile.model.level, cun.profile.model.level) == ("社区居委会", "村委会")
    assert len(shequ.ledgers) == 24 and shequ.ledgers[0].model.period.key == "2024-11"  # monthly, two years
    assert len(cun.ledgers) == 8 and cun.ledgers[0].model.period.key == "2024-Q4"  # quarterly
    assert {d.model.published_on.year for d in shequ.notices} == {2025, 2026}
    for committee in site.committees:
        kinds = {kind for kind, docs in committee.records.items() if docs}
        assert {"rosters", "finance", "lists", "rules", "notices", "budgets"} <= kinds
    assert {"funds", "donations", "property"} <= {k for k, docs in shequ.records.items() if docs}
    # Members carry mobile numbers, private but for the grid workers': the gate has numbers to look for.
    # (The loaded site has the private ones masked away: they are read where the gate reads them.)
    mobiles = {number for number, kind in gate.source_index(site).kinds.items() if kind == "mobile"}
    public = privacy.site_public_numbers(site)
    assert len(mobiles - public) > 20 and mobiles & public
    # The same arguments give the same files.
    generate(tmp_path / "b", committees=2, years=2)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yml"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
