//! The layers (docs/architecture.md) as `cargo metadata` sees them: the arrows between the crates
//! may only point down, so a change that makes the TUI reach the store, or the domain pull in a
//! database, terminal or printer crate, fails here (issue 14, "Done means").

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each package's normal and build dependencies (dev-dependencies are tests' business).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let m: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata JSON");
    let names: BTreeMap<&str, &str> = m["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let mut g = BTreeMap::new();
    for node in m["resolve"]["nodes"].as_array().unwrap() {
        let from = names[node["id"].as_str().unwrap()].to_string();
        let deps: BTreeSet<String> = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].as_str() != Some("dev")))
            .map(|d| names[d["pkg"].as_str().unwrap()].to_string())
            .collect();
        g.entry(from).or_insert_with(BTreeSet::new).extend(deps);
    }
    g
}

/// Everything `from` links, directly or not.
fn reach(g: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(p) = todo.pop() {
        for d in g.get(&p).into_iter().flatten() {
            if seen.insert(d.clone()) {
                todo.push(d.clone());
            }
        }
    }
    seen
}

fn ours(set: &BTreeSet<String>) -> BTreeSet<&str> {
    set.iter().map(String::as_str).filter(|n| n.starts_with("certdesk")).collect()
}

#[test]
fn the_arrows_point_down() {
    let g = graph();
    let allowed: &[(&str, &[&str])] = &[
        ("certdesk-domain", &[]),
        ("certdesk-store", &["certdesk-domain"]),
        ("certdesk-seal", &["certdesk-domain"]),
        ("certdesk-slip", &["certdesk-domain"]),
        ("certdesk-paper", &["certdesk-domain"]),
        ("certdesk-protocol", &["certdesk-domain", "certdesk-seal"]),
        ("certdesk-tui", &["certdesk-domain", "certdesk-protocol", "certdesk-seal"]),
        (
            "certdesk-core",
            &[
                "certdesk-domain",
                "certdesk-paper",
                "certdesk-protocol",
                "certdesk-seal",
                "certdesk-slip",
                "certdesk-store",
            ],
        ),
    ];
    for (krate, may) in allowed {
        assert!(g.contains_key(*krate), "{krate} is not in the workspace");
        let reached = reach(&g, krate);
        let extra: Vec<&str> = ours(&reached).into_iter().filter(|n| !may.contains(n)).collect();
        assert!(extra.is_empty(), "{krate} reaches {extra:?}; it may only reach {may:?}");
    }
    // The TUI never reaches the store, not even through another crate, nor a printer crate.
    let tui = reach(&g, "certdesk-tui");
    for forbidden in ["certdesk-store", "certdesk-paper", "krilla", "rusqlite", "postgres", "escpos", "serialport"] {
        assert!(!tui.contains(forbidden), "certdesk-tui reaches {forbidden}");
    }
}

#[test]
fn the_domain_links_no_database_terminal_or_printer_crate() {
    let g = graph();
    let reached = reach(&g, "certdesk-domain");
    let io = [
        "rusqlite",
        "libsqlite3-sys",
        "postgres",
        "tokio-postgres",
        "ratatui",
        "crossterm",
        "escpos",
        "serialport",
        "portable-pty",
        "rust_xlsxwriter",
        "calamine",
    ];
    let found: Vec<&str> = io.iter().copied().filter(|c| reached.contains(*c)).collect();
    assert!(found.is_empty(), "certdesk-domain links {found:?}");
}

#[test]
fn the_test_kit_is_only_a_dev_dependency() {
    let g = graph();
    let users: Vec<&String> = g.iter().filter(|(_, deps)| deps.contains("certdesk-testkit")).map(|(p, _)| p).collect();
    assert!(users.is_empty(), "{users:?} ship the test kit");
}
