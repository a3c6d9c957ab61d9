"""documents.toml parsing: parts, defaults for unlisted files, clear errors for broken manifests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.manifest import ManifestError, corpus_files, documents_for, read_manifest

ROOT = Path(__file__).resolve().parent.parent


def test_real_manifest_has_documents_with_parts() -> None:
    manifest = read_manifest(ROOT / "corpus")
    plan = manifest["plan-perspectief-op-werk-2019-2021.txt"]
    assert [m.id for m in plan][:2] == ["plan-pow-2019", "plan-pow-2019/bijlage-1"]
    assert plan[1].parent_id == "plan-pow-2019" and plan[1].from_line == 3084
    assert plan[1].doc_type == "bestuursopdracht" and plan[1].file == plan[0].file


def test_unlisted_file_gets_defaults_and_metadata_files_are_skipped(tmp_path: Path) -> None:
    for name in ("Mijn Notitie.txt", "documents.toml", "indicators.csv", "glossary.toml", ".hidden.txt"):
        (tmp_path / name).write_text("x = 1\n" if name.endswith(".toml") else "tekst\n")
    files = corpus_files(tmp_path)
    assert [p.name for p in files] == ["Mijn Notitie.txt"]
    (meta,) = documents_for(tmp_path, files)["Mijn Notitie.txt"]
    assert meta.id == "mijn-notitie" and meta.title == "Mijn notitie"
    # no date from the file's modification time: the ingest reads the date from the text (test_dates.py)
    assert (meta.doc_type, meta.status, meta.date, meta.date_precision) == ("document", "informerend", "", "")


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "documents.toml").write_text('[[document]]\nid = "a"\nfile = \n')
    with pytest.raises(ManifestError, match="line 3"):
        read_manifest(tmp_path)


def test_missing_field_is_named(tmp_path: Path) -> None:
    (tmp_path / "documents.toml").write_text('[[document]]\nid = "a"\nfile = "a.txt"\n')
    with pytest.raises(ManifestError, match=r"#1 \(id='a'\): field 'title'"):
        read_manifest(tmp_path)


def test_unknown_field_and_part_without_from_line(tmp_path: Path) -> None:
    (tmp_path / "documents.toml").write_text(
        '[[document]]\nid = "a"\nfile = "a.txt"\ntitle = "A"\ndatum = "x"\n'
    )
    with pytest.raises(ManifestError, match=r"unknown field.*datum"):
        read_manifest(tmp_path)
    (tmp_path / "documents.toml").write_text(
        '[[document]]\nid = "a"\nfile = "a.txt"\ntitle = "A"\n[[document.part]]\nid = "a/b"\ntitle = "B"\n'
    )
    with pytest.raises(ManifestError, match="from_line"):
        read_manifest(tmp_path)
