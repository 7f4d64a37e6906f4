//! Records waiting for the database, kept on disk until they are written (issue 17 §8): the
//! verifier station's scan rows and the kiosk's print outcomes that met an outage. A station
//! that crashes or is closed during an outage finds them again at its next start and writes
//! them then.
//!
//! One file per record, in the home's `waiting/<kind>/`: written to a temporary name, synced,
//! renamed into place and the directory synced, so a record is either wholly there or not at
//! all (a kill at any point leaves no half record under a record's name). Each file carries a
//! SHA-256 of its body: a file that does not check out (a damaged disk, a hand edit) is set aside
//! as `NAME.bad`, reported, and never replayed. Exactly once is the caller's: each record holds a
//! key the database keeps with what it wrote (a scan row's id, a print job's serial), so a
//! crash between the database's commit and the file's removal replays into a no-op.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &str = "certdesk-waiting 1";

/// A directory of waiting records.
#[derive(Debug, Clone)]
pub struct Waiting {
    dir: PathBuf,
}

/// What [`Waiting::load`] found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The records, by name (oldest first when names sort by time).
    pub records: Vec<(String, serde_json::Value)>,
    /// Files that did not check out, set aside as `NAME.bad`, each with why.
    pub bad: Vec<(String, String)>,
}

impl Waiting {
    /// The records under `dir` (created if missing).
    pub fn open(dir: &Path) -> std::io::Result<Waiting> {
        std::fs::create_dir_all(dir)?;
        Ok(Waiting { dir: dir.to_path_buf() })
    }

    /// Where they are.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, name: &str) -> std::io::Result<PathBuf> {
        let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("bad record name {name:?}")));
        }
        Ok(self.dir.join(format!("{name}.rec")))
    }

    fn sync_dir(&self) -> std::io::Result<()> {
        std::fs::File::open(&self.dir)?.sync_all()
    }

    /// Keep `record` as `name` (letters, digits, `-`, `_`); on disk for good when this returns.
    pub fn put(&self, name: &str, record: &serde_json::Value) -> std::io::Result<()> {
        let path = self.path(name)?;
        let body = serde_json::to_string(record)?;
        let sum = hex::encode(Sha256::digest(body.as_bytes()));
        let tmp = self.dir.join(format!(".{name}.tmp"));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(format!("{MAGIC}\n{sum}\n{body}\n").as_bytes())?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        self.sync_dir()
    }

    /// The record `name` was written to the database: forget it (missing is fine: a replay
    /// after a crash may remove it twice).
    pub fn remove(&self, name: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(name)?) {
            Ok(()) => self.sync_dir(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Every record kept, sorted by name. Leftover temporary files (a kill before the rename:
    /// the record was never kept, and its caller never went on) are removed.
    pub fn load(&self) -> std::io::Result<Loaded> {
        let mut out = Loaded::default();
        let mut names: Vec<String> = vec![];
        for e in std::fs::read_dir(&self.dir)? {
            let name = e?.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(self.dir.join(&name));
            } else if let Some(stem) = name.strip_suffix(".rec") {
                names.push(stem.to_string());
            }
        }
        names.sort();
        for name in names {
            let path = self.dir.join(format!("{name}.rec"));
            match check(&std::fs::read(&path)?) {
                Ok(v) => out.records.push((name, v)),
                Err(why) => {
                    std::fs::rename(&path, self.dir.join(format!("{name}.bad")))?;
                    out.bad.push((name, why));
                }
            }
        }
        if !out.bad.is_empty() {
            self.sync_dir()?;
        }
        Ok(out)
    }
}

/// A record file's body, if it is one of ours and its checksum holds.
fn check(bytes: &[u8]) -> Result<serde_json::Value, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
    let mut lines = text.splitn(3, '\n');
    if lines.next() != Some(MAGIC) {
        return Err("not a waiting record".into());
    }
    let sum = lines.next().ok_or("no checksum")?;
    let body = lines.next().ok_or("no body")?.strip_suffix('\n').ok_or("cut short")?;
    if hex::encode(Sha256::digest(body.as_bytes())) != sum {
        return Err("checksum does not match (damaged)".into());
    }
    serde_json::from_str(body).map_err(|e| format!("not a record: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_survive_a_reopen_in_name_order_and_go_when_removed() {
        let dir = tempfile::tempdir().unwrap();
        let w = Waiting::open(&dir.path().join("waiting/verifier")).unwrap();
        w.put("b-2", &json!({"n": 2})).unwrap();
        w.put("a-1", &json!({"n": 1, "text": "核验"})).unwrap();
        let again = Waiting::open(&dir.path().join("waiting/verifier")).unwrap();
        let l = again.load().unwrap();
        assert_eq!(l.records, vec![("a-1".into(), json!({"n": 1, "text": "核验"})), ("b-2".into(), json!({"n": 2}))]);
        again.remove("a-1").unwrap();
        again.remove("a-1").unwrap();
        assert_eq!(again.load().unwrap().records.len(), 1);
        assert!(w.put("../escape", &json!(1)).is_err());
        assert!(w.put("", &json!(1)).is_err());
    }

    #[test]
    fn garbage_damaged_and_torn_files_are_set_aside_never_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let w = Waiting::open(dir.path()).unwrap();
        w.put("good", &json!({"ok": true})).unwrap();
        let good = std::fs::read_to_string(dir.path().join("good.rec")).unwrap();
        std::fs::write(dir.path().join("flipped.rec"), good.replace("true", "fals")).unwrap();
        std::fs::write(dir.path().join("short.rec"), &good[..good.len() - 3]).unwrap();
        std::fs::write(dir.path().join("bytes.rec"), [0xff, 0xfe, 0, 1, 2]).unwrap();
        std::fs::write(dir.path().join("empty.rec"), "").unwrap();
        std::fs::write(dir.path().join(".half.tmp"), "certdesk-waiting 1\n").unwrap();
        let l = w.load().unwrap();
        assert_eq!(l.records, vec![("good".into(), json!({"ok": true}))]);
        let mut bad: Vec<&str> = l.bad.iter().map(|(n, _)| n.as_str()).collect();
        bad.sort();
        assert_eq!(bad, ["bytes", "empty", "flipped", "short"]);
        assert!(dir.path().join("flipped.bad").exists() && !dir.path().join(".half.tmp").exists());
        assert_eq!(w.load().unwrap().bad.len(), 0, "set aside once");
    }
}
