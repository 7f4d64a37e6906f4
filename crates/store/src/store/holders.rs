//! Holders and their certificates (三项岗位人员, the registry): upserts from the roster import,
//! look-ups by ID number, certificate number or seal handle, standing (吊销/撤销/注销), the
//! revocation lists the verifiers load, finding holders at the desk, and the reminders' reads
//! (`reminders.rs`). Raw ID numbers live only in these tables (SPEC §6).

use super::*;

/// The holders aggregate: holders and their certificates, their standing and revocation lists,
/// the bulk roster load (`load.rs`), the desk's holder search (`hall.rs`) and the reminders' reads
/// (`reminders.rs`), through [`Store::holders`]. Borrows the store.
#[derive(Clone, Copy)]
pub struct Holders<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The holders aggregate (holders, certificates, standing, roster load, reminders' reads).
    pub fn holders(&self) -> Holders<'_> {
        Holders { store: self }
    }
}

impl Holders<'_> {
    /// Insert a holder or update the one with the same ID number, saying which it did.
    pub fn upsert(&self, h: &Holder) -> Result<Upsert> {
        let existing = self.store.db.query_opt(
            "SELECT name, gender, mobile, employer, employer_code FROM holders WHERE id_number = ?1",
            p![h.id_number],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<u8>(1)?,
                    r.get::<Option<String>>(2)?,
                    r.get::<Option<String>>(3)?,
                    r.get::<Option<String>>(4)?,
                ))
            },
        )?;
        let g = gender_code(h.gender);
        match existing {
            Some((name, gender, mobile, employer, code))
                if name == h.name
                    && gender == g
                    && mobile == h.mobile
                    && employer == h.employer
                    && code == h.employer_code =>
            {
                Ok(Upsert::Unchanged)
            }
            Some(_) => {
                self.store.db.execute(
                    "UPDATE holders SET name = ?2, gender = ?3, mobile = ?4, employer = ?5, \
                     employer_code = ?6 WHERE id_number = ?1",
                    p![h.id_number, h.name, g, h.mobile, h.employer, h.employer_code],
                )?;
                Ok(Upsert::Updated)
            }
            None => {
                self.store.db.execute(
                    "INSERT INTO holders (id_number, name, gender, mobile, employer, employer_code) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    p![h.id_number, h.name, g, h.mobile, h.employer, h.employer_code],
                )?;
                Ok(Upsert::Inserted)
            }
        }
    }

    /// A holder by ID number.
    pub fn get(&self, id_number: &str) -> Result<Option<Holder>> {
        self.store.db.query_opt(
            "SELECT id_number, name, gender, mobile, employer, employer_code FROM holders \
             WHERE id_number = ?1",
            p![id_number],
            |r| {
                Ok(Holder {
                    id_number: r.get(0)?,
                    name: r.get(1)?,
                    gender: gender_from(r.get(2)?),
                    mobile: r.get(3)?,
                    employer: r.get(4)?,
                    employer_code: r.get(5)?,
                })
            },
        )
    }

    /// How many holders the registry holds.
    pub fn count(&self) -> Result<u64> {
        self.store.db.value("SELECT count(*) FROM holders", p![])
    }

    /// How many certificates the registry holds.
    pub fn certificate_count(&self) -> Result<u64> {
        self.store.db.value("SELECT count(*) FROM certificates", p![])
    }

    /// Insert or update by the certificate's identity (kind, 证号, 作业类别, 操作项目) — see
    /// [`CertId`]. On insert a fresh random `seal_handle` is assigned (the value passed in is
    /// ignored: handles belong to the store); on update or no change the stored handle and id
    /// are kept. Either way `c.id` and `c.seal_handle` are set to the stored ones. The holder
    /// must exist (upsert it first).
    pub fn upsert_certificate(&self, c: &mut Certificate) -> Result<Upsert> {
        if c.kind != CertKind::SpecialOperation {
            // A 合格证 has no 作业类别/操作项目 (SPEC §2); the store keeps none.
            c.category = None;
            c.item = None;
        }
        let existing = self.certificate_like(c)?;
        let written = CertDates::of(c);
        match existing {
            Some(old) if same_content(&old, c) => {
                c.id = old.id;
                c.seal_handle = old.seal_handle;
                Ok(Upsert::Unchanged)
            }
            Some(old) => {
                // The identity (number, kind, category, item) stays; everything else is written.
                let v = cert_insert_values(c, &written);
                self.store.db.execute(
                    "UPDATE certificates SET holder_id = ?2, name = ?3, gender = ?4, \
                     industry = ?5, first_issued = ?6, valid_from = ?7, valid_until = ?8, \
                     review_due = ?9, reviewed_on = ?10, issuer = ?11, standing = ?12, \
                     extended_review = ?13 WHERE id = ?1",
                    p![old.id.0, v[2], v[3], v[4], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]],
                )?;
                c.id = old.id;
                c.seal_handle = old.seal_handle;
                Ok(Upsert::Updated)
            }
            None => {
                for _attempt in 0..8 {
                    let fresh: [u8; 8] = rand::random();
                    let insert = || {
                        let values = cert_insert_values(c, &written);
                        let mut params: Vec<&dyn db::Param> = values.iter().map(|v| v as &dyn db::Param).collect();
                        params.push(&fresh);
                        self.store.db.value::<i64>(
                            &format!(
                                "INSERT INTO certificates ({CERT_INSERT_COLS}, seal_handle) \
                                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
                                 RETURNING id"
                            ),
                            &params,
                        )
                    };
                    // On PostgreSQL a failed statement aborts the enclosing transaction: a
                    // savepoint keeps a handle collision from taking the import with it.
                    match self.store.db.savepoint(insert) {
                        Ok(id) => {
                            c.id = CertId(id);
                            c.seal_handle = fresh;
                            return Ok(Upsert::Inserted);
                        }
                        // A random handle collided with another certificate's: draw again.
                        Err(e) if e.is_unique_violation("certificates", "seal_handle") => continue,
                        Err(e) => return Err(e),
                    }
                }
                Err(StoreError::Invalid("could not draw a unique seal handle".into()))
            }
        }
    }

    /// One certificate by its row id.
    pub fn certificate(&self, id: CertId) -> Result<Option<Certificate>> {
        self.store.db.query_opt(&format!("SELECT {CERT_COLS} FROM certificates WHERE id = ?1"), p![id.0], cert_from_row)
    }

    /// The stored certificate with the same identity (kind, 证号, 作业类别, 操作项目) as `c`.
    pub fn certificate_like(&self, c: &Certificate) -> Result<Option<Certificate>> {
        let (category, item) = identity_parts(c);
        self.store.db.query_opt(
            &format!(
                "SELECT {CERT_COLS} FROM certificates \
                 WHERE kind = ?1 AND number = ?2 AND category = ?3 AND item = ?4"
            ),
            p![c.kind.code(), c.number, category, item],
            cert_from_row,
        )
    }

    /// Every certificate with this 证号 (a holder's 特种作业操作证 share one), in list order.
    pub fn certificates_numbered(&self, number: &str) -> Result<Vec<Certificate>> {
        // `kind IN (..)` lets SQLite seek the (kind, number, ..) unique index once per kind.
        self.store.db.query(
            &format!(
                "SELECT {CERT_COLS} FROM certificates WHERE kind IN (1, 2, 3) AND number = ?1 \
                 ORDER BY kind, category, item, id"
            ),
            p![number],
            cert_from_row,
        )
    }

    /// All certificates of a holder, 特种作业操作证 first, then by number, category and item.
    pub fn certificates_for(&self, id_number: &str) -> Result<Vec<Certificate>> {
        self.store.db.query(
            &format!(
                "SELECT {CERT_COLS} FROM certificates WHERE holder_id = ?1 ORDER BY kind, number, category, item, id"
            ),
            p![id_number],
            cert_from_row,
        )
    }

    /// Set the administrative standing. Returns false if there is no such certificate.
    pub fn set_standing(&self, id: CertId, standing: Standing) -> Result<bool> {
        let n =
            self.store.db.execute("UPDATE certificates SET standing = ?2 WHERE id = ?1", p![id.0, standing.code()])?;
        Ok(n == 1)
    }

    /// Seal handles of every withdrawn certificate — 撤销 (code 2) or 注销 (code 3), see
    /// `Standing::withdrawn` — sorted (for the revocation list).
    pub fn revoked_handles(&self) -> Result<Vec<[u8; 8]>> {
        self.store.db.query(
            "SELECT seal_handle FROM certificates WHERE standing IN (2, 3) ORDER BY seal_handle",
            p![],
            |r| handle_from(&r.get::<Vec<u8>>(0)?),
        )
    }
}
