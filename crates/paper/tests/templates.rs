//! Templates are data a bureau edits: what a typo or garbage in its file gives.

// Helpers outside #[test] functions unwrap and panic too (a test file, not the product).
#![allow(clippy::unwrap_used, clippy::panic)]

use certdesk_paper::{template::DEFAULT_TOML, DocKind, TemplateError, Templates};

#[test]
fn the_shipped_set_has_every_kind() {
    let t = Templates::shipped().unwrap();
    for k in DocKind::ALL {
        assert!(!t.get(k).unwrap().title.is_empty());
    }
}

#[test]
fn a_bureau_overrides_one_kind_and_keeps_the_rest() {
    let over = "[visit]\ntitle = \"回访记录表\"\nprefix = \"访\"\nseal = false\nbody = [{ p = \"{applicant}\" }]\n";
    let t = Templates::parse(DEFAULT_TOML, Some(over)).unwrap();
    assert_eq!(t.get(DocKind::Visit).unwrap().title, "回访记录表");
    assert_eq!(t.get(DocKind::Notice).unwrap().title, "行政许可申请材料补正告知书");
}

#[test]
fn garbage_and_typos_are_errors_naming_the_kind_and_word() {
    let cases: &[(&str, fn(&TemplateError) -> bool)] = &[
        ("not toml [[[", |e| matches!(e, TemplateError::Parse(_))),
        ("[nonsense]\ntitle = \"x\"\nprefix = \"x\"\nbody = []\n", |e| matches!(e, TemplateError::UnknownKind { .. })),
        (
            "[visit]\ntitle = \"x\"\nprefix = \"x\"\nbody = [{ p = \"{applicnat}\" }]\n",
            |e| matches!(e, TemplateError::UnknownField { field, .. } if field == "applicnat"),
        ),
        ("[visit]\ntitle = \"x\"\nprefix = \"x\"\nbody = [{ p = \"{applicant\" }]\n", |e| {
            matches!(e, TemplateError::Unclosed { .. })
        }),
        ("[visit]\ntitle = \"x\"\nprefix = \"x\"\nbody = [{ list = \"pets\" }]\n", |e| {
            matches!(e, TemplateError::UnknownField { .. })
        }),
        ("[visit]\ntitle = \"x\"\nprefix = \"x\"\nbody = [{ p = \"a\", list = \"items\" }]\n", |e| {
            matches!(e, TemplateError::Invalid { .. })
        }),
        ("[visit]\ntitle = \"\"\nprefix = \"x\"\nbody = []\n", |e| matches!(e, TemplateError::Invalid { .. })),
        ("[visit]\ntitle = \"x\"\nprefix = \"x\"\nsign = [\"mayor\"]\nbody = []\n", |e| {
            matches!(e, TemplateError::Invalid { .. })
        }),
        ("[visit]\ntitle = \"x\"\nprefix = \"x\"\nbody = []\ncolour = \"red\"\n", |e| {
            matches!(e, TemplateError::Parse(_))
        }),
    ];
    for (text, ok) in cases {
        let e = Templates::parse(DEFAULT_TOML, Some(text)).unwrap_err();
        assert!(ok(&e), "{text:?} gave {e:?}");
    }
}

#[test]
fn a_home_file_is_read_and_a_missing_one_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Templates::load(dir.path()).unwrap(), Templates::shipped().unwrap());
    std::fs::write(dir.path().join("templates.toml"), "[visit]\ntitle = 1\n").unwrap();
    assert!(Templates::load(dir.path()).is_err());
}
