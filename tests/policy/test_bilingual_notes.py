"""The policy package's own notes (a benefit's `decisions`, a parameter's description and note,
the manifest's source) are written in English and Chinese; the loader refuses a note missing
one of its languages, and the contract-facing catalogue (describe) keeps the English."""

import shutil

import pytest
import yaml

from zhihui.policy import load_package
from zhihui.policy.errors import PackageError
from zhihui.policy.package import POLICIES_DIR, Package


def _copy(tmp_path):
    dst = tmp_path / "jiyuan_copy"
    shutil.copytree(POLICIES_DIR / "jiyuan", dst, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    return dst


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_note_of_the_city_package_has_both_languages():
    pkg = load_package("jiyuan")
    for b in pkg.benefits:
        assert len(b.decisions) == len(b.decisions_zh), b.id
        assert all(b.decisions_zh), b.id
    info = pkg.benefit("youth_talent_living")
    assert info.decisions[1].startswith("一线专业技术岗位 (contract v2 change 3)")
    assert info.decisions_zh[1].startswith("“一线专业技术岗位”（合同 v2 第3项变更）")
    assert info.decisions_in("en") == info.decisions and info.decisions_in("zh-hans") == info.decisions_zh
    p = pkg.parameters["youth_station.max_age"]
    assert p.note_in("zh-hans").startswith("合同 v2 第5项变更") and p.note_in("en").startswith("contract v2 change 5")
    assert pkg.source_zh and "plan period" in pkg.describe()["source"]
    assert all(type(x) is str for b in pkg.describe()["benefits"] for x in b["decisions"])


@pytest.mark.parametrize("change, message", [
    (lambda d: d["graduate_startup"].__setitem__("decisions", ["English only."]), "graduate_startup.decisions[0]: write the note in both languages"),
    (lambda d: d["graduate_startup"]["decisions"][1].pop("zh"), "graduate_startup.decisions[1].zh: missing"),
    (lambda d: d["graduate_startup"]["decisions"][0].__setitem__("en", "  "), "graduate_startup.decisions[0].en: missing"),
    (lambda d: d["graduate_startup"]["decisions"][0].__setitem__("fr", "x"), "unknown language key 'fr'"),
])
def test_a_decision_missing_a_language_is_refused(tmp_path, change, message):
    root = _copy(tmp_path)
    _edit(root / "benefits.yaml", change)
    with pytest.raises(PackageError, match=message.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        Package(root)


def test_a_parameter_note_or_the_source_in_one_language_is_refused(tmp_path):
    root = _copy(tmp_path)
    _edit(root / "parameters.yaml", lambda d: d["free_housing.terms"].__setitem__("note", "X24: not set"))
    with pytest.raises(PackageError, match=r"free_housing\.terms\.note: write the note in both languages"):
        Package(root)
    root = _copy(tmp_path / "b")
    _edit(root / "parameters.yaml", lambda d: d["youth_living.amount_e"]["description"].pop("en"))
    with pytest.raises(PackageError, match=r"youth_living\.amount_e\.description\.en: missing"):
        Package(root)
    root = _copy(tmp_path / "c")
    _edit(root / "package.yaml", lambda d: d.__setitem__("source", "the plan"))
    with pytest.raises(PackageError, match="source: write the note in both languages"):
        Package(root)
