//! Staff commands on the registry: choosing one certificate by its 证号 (`certdesk print`) and,
//! later, a holder's overview (`certdesk holder`). The CLI arms in cli.rs/main.rs stay thin and
//! call into here.

use crate::domain::Certificate;
use crate::store::{CertId, Store};
use anyhow::{bail, Result};

/// The certificate a staff member means by `number` and an optional `--item`.
///
/// One holder's 特种作业操作证 all carry the 证号 "T" + ID number (one card per 操作项目), so a
/// number alone may name several certificates: then `item` (the 操作项目, or the 作业类别 when
/// that alone tells them apart) must choose one, and the error lists the choices. Errors show
/// the masked number only.
pub fn pick_certificate(store: &Store, number: &str, item: Option<&str>) -> Result<CertId> {
    let number = number.trim().to_ascii_uppercase();
    let all = store.certificates_numbered(&number)?;
    let masked = all.first().map(Certificate::masked_number).unwrap_or_else(|| crate::domain::id::mask(&number));
    if all.is_empty() {
        bail!("no certificate numbered {masked} (证号不存在)");
    }
    let chosen: Vec<&Certificate> = match item.map(str::trim) {
        None => all.iter().collect(),
        Some(want) => {
            let by_item: Vec<_> = all.iter().filter(|c| c.item.as_deref() == Some(want)).collect();
            if by_item.is_empty() {
                all.iter().filter(|c| c.category.as_deref() == Some(want)).collect()
            } else {
                by_item
            }
        }
    };
    match chosen.as_slice() {
        [one] => Ok(one.id),
        [] => bail!(
            "certificate {masked} has no 操作项目 \"{}\"; it has: {}",
            item.unwrap_or_default().trim(),
            choices(&all)
        ),
        many => bail!("{} certificates are numbered {masked}; choose one with --item: {}", many.len(), choices(&all)),
    }
}

fn choices(all: &[Certificate]) -> String {
    all.iter()
        .map(|c| match &c.item {
            Some(item) => format!("--item {item} ({})", c.scope_zh()),
            None => format!("{} ({})", c.kind.title_zh(), c.scope_zh()),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
