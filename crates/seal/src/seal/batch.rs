//! Batch verification on every core, output in input order (`certdesk verify` on stdin).
//!
//! Input is raw bytes, one code per line: a scanner that emits noise produces lines that are not
//! UTF-8, and each of those — like a blank line — still gets exactly one answer (`malformed`), in
//! its place, so a caller can pair answers with lines by position.
//!
//! Lines go in groups of [`BATCH_LINES`]: each code of a group is read up to its signature
//! (Base45, key lookup), then the group's Ed25519 signatures are checked with ONE batch equation
//! (`ed25519_dalek::verify_batch`: a random linear combination of the signatures' equations,
//! one multiscalar multiplication for all, about half the work of checking them one by one).
//! When the batch equation fails, every Ed25519 line of the group is checked on its own, so a
//! forged or altered line gets the verdict it gets alone, and so do the good lines beside it.
//! SM2 has no batch equation: SM2 lines are checked one by one. Everything after the
//! signature (record, revocation list, key compromise and retirement, dates, list age, online
//! confirmation) is the one-line code's ([`super::verify::judge`]). Why the batch equation
//! cannot let a forger through: docs/qr-format.md, "Batch verification".

use super::algo::PublicKey;
use super::revocation::RevocationList;
use super::trust::TrustList;
use super::verify::{judge, read_code, verify_with, Policy, Read, Verification};
use rayon::prelude::*;
use std::io::{self, BufRead, Write};

/// The longest line kept; the rest of a longer line is skipped (it is malformed anyway: a code
/// has at most 1,024 characters), so one endless line cannot exhaust memory.
pub const MAX_LINE_BYTES: usize = 4096;
/// Lines verified per parallel round: large enough to keep every core busy, small enough that
/// output starts at once and memory stays bounded.
pub const CHUNK_LINES: usize = 4096;
/// Lines whose Ed25519 signatures are checked with one batch equation. 256 signatures make
/// 513 points, past the 190 from which curve25519-dalek multiplies with Pippenger's method
/// (cheaper per point than Straus' below it); a failed batch (one bad line) costs the group's
/// lines one check each on top, and a chunk of [`CHUNK_LINES`] still gives each core 8 groups.
pub const BATCH_LINES: usize = 256;

/// Verify one raw line (without its newline; a trailing CR is ignored).
pub fn verify_line(raw: &[u8], trust: &TrustList, revoked: &RevocationList, policy: &Policy) -> Verification {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    match std::str::from_utf8(raw) {
        Ok(text) => verify_with(text, trust, revoked, policy),
        Err(_) => Verification::malformed(NOT_UTF8),
    }
}

const NOT_UTF8: &str = "the line is not UTF-8 text (scanner noise?)";

fn read_line<'t>(raw: &[u8], trust: &'t TrustList) -> Read<'t> {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    match std::str::from_utf8(raw) {
        Ok(text) => read_code(text, trust),
        Err(_) => Read::Answer(Verification::malformed(NOT_UTF8)),
    }
}

/// Verify a group of lines on this thread, its Ed25519 signatures with one batch equation;
/// each answer is the one [`verify_line`] gives that line alone, in the order of `lines`.
pub fn verify_group<L: AsRef<[u8]>>(
    lines: &[L],
    trust: &TrustList,
    revoked: &RevocationList,
    policy: &Policy,
) -> Vec<Verification> {
    let reads: Vec<Read<'_>> = lines.iter().map(|l| read_line(l.as_ref(), trust)).collect();
    let ok = signatures_ok(&reads);
    reads
        .into_iter()
        .zip(ok)
        .map(|(r, ok)| match r {
            Read::Answer(v) => v,
            Read::Signed(s) => judge(s, ok, revoked, policy),
        })
        .collect()
}

/// For each read code: does its signature check out? (false for those with nothing to check.)
fn signatures_ok(reads: &[Read<'_>]) -> Vec<bool> {
    let mut ok = vec![false; reads.len()];
    let mut at = Vec::with_capacity(reads.len());
    let mut msgs: Vec<&[u8]> = Vec::with_capacity(reads.len());
    let mut sigs = Vec::with_capacity(reads.len());
    let mut keys = Vec::with_capacity(reads.len());
    for (i, r) in reads.iter().enumerate() {
        let Read::Signed(s) = r else { continue };
        match &s.entry.key {
            PublicKey::Ed25519(k) => {
                at.push(i);
                msgs.push(&s.msg);
                sigs.push(ed25519_dalek::Signature::from_bytes(&s.sig));
                keys.push(*k);
            }
            PublicKey::Sm2(_) => ok[i] = s.check_alone(),
        }
    }
    if at.len() > 1 && ed25519_dalek::verify_batch(&msgs, &sigs, &keys).is_ok() {
        at.iter().for_each(|&i| ok[i] = true);
    } else {
        // One line (nothing to batch) or a failed batch: each line on its own, so a bad line
        // is found and the good ones beside it still pass.
        for &i in &at {
            if let Read::Signed(s) = &reads[i] {
                ok[i] = s.check_alone();
            }
        }
    }
    ok
}

/// Verify `lines` on every core, [`BATCH_LINES`] to a batch equation; the answers are in the
/// order of `lines`.
pub fn verify_batch<L: AsRef<[u8]> + Sync>(
    lines: &[L],
    trust: &TrustList,
    revoked: &RevocationList,
    policy: &Policy,
) -> Vec<Verification> {
    lines.par_chunks(BATCH_LINES).flat_map_iter(|g| verify_group(g, trust, revoked, policy)).collect()
}

/// Read one line (up to `\n`, which is not kept) onto the end of `buf` (which holds `start`
/// bytes), keeping at most [`MAX_LINE_BYTES`] of it (plus one byte, so that an over-long line
/// stays over-long). Returns false at end of input.
fn read_line_bounded(input: &mut impl BufRead, buf: &mut Vec<u8>, start: usize) -> io::Result<bool> {
    let mut any = false;
    loop {
        let avail = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(any);
        }
        any = true;
        let (part, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], Some(i + 1)),
            None => (avail, None),
        };
        let room = (MAX_LINE_BYTES + 1).saturating_sub(buf.len() - start);
        buf.extend_from_slice(&part[..part.len().min(room)]);
        let used = done.unwrap_or(avail.len());
        input.consume(used);
        if done.is_some() {
            return Ok(true);
        }
    }
}

/// Verify every line of `input` and write one JSON line per input line to `out`, in order.
/// Returns the number of lines.
pub fn verify_stream(
    input: impl BufRead,
    out: impl Write,
    trust: &TrustList,
    revoked: &RevocationList,
    policy: &Policy,
) -> io::Result<u64> {
    verify_stream_with(input, out, trust, revoked, policy, None)
}

/// [`verify_stream`], with `confirm` (when given) applied to every verification in input order
/// before its answer is written (the online check against the registry's print records, which
/// holds one database connection and so runs on this thread while the signatures are checked
/// on all). Without it, each thread writes the JSON answers of its groups as it verifies them.
pub fn verify_stream_with(
    mut input: impl BufRead,
    mut out: impl Write,
    trust: &TrustList,
    revoked: &RevocationList,
    policy: &Policy,
    mut confirm: Option<&mut dyn FnMut(&mut Verification)>,
) -> io::Result<u64> {
    let mut total = 0u64;
    // The chunk's lines in one buffer (no allocation per line), with where each ends.
    let mut data: Vec<u8> = Vec::new();
    let mut ends: Vec<usize> = Vec::with_capacity(CHUNK_LINES);
    loop {
        let start = data.len();
        let more = read_line_bounded(&mut input, &mut data, start)?;
        if more {
            ends.push(data.len());
        }
        if ends.len() == CHUNK_LINES || (!more && !ends.is_empty()) {
            let mut from = 0;
            let lines: Vec<&[u8]> = ends
                .iter()
                .map(|&e| {
                    let l = &data[from..e];
                    from = e;
                    l
                })
                .collect();
            // Each thread writes its answers into one buffer of its own (rayon's fold), so a line
            // costs no allocation of its own for its JSON; the buffers keep input order.
            let json = |mut buf: Vec<u8>, v: &Verification| {
                v.write_json(&mut buf);
                buf.push(b'\n');
                buf
            };
            let answers: Vec<Vec<u8>> = match confirm.as_deref_mut() {
                None => lines
                    .par_chunks(BATCH_LINES)
                    .fold(Vec::new, |buf, g| verify_group(g, trust, revoked, policy).iter().fold(buf, json))
                    .collect(),
                Some(confirm) => {
                    let mut checked: Vec<Verification> = lines
                        .par_chunks(BATCH_LINES)
                        .flat_map_iter(|g| verify_group(g, trust, revoked, policy))
                        .collect();
                    checked.iter_mut().for_each(confirm);
                    checked.par_iter().fold(Vec::new, json).collect()
                }
            };
            for a in answers {
                out.write_all(&a)?;
            }
            out.flush()?;
            total += ends.len() as u64;
            ends.clear();
            data.clear();
        }
        if !more {
            return Ok(total);
        }
    }
}
