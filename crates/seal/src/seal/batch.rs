//! Batch verification on every core, output in input order (`certdesk verify` on stdin).
//!
//! Input is raw bytes, one code per line: a scanner that emits noise produces lines that are not
//! UTF-8, and each of those — like a blank line — still gets exactly one answer (`malformed`), in
//! its place, so a caller can pair answers with lines by position.

use super::revocation::RevocationList;
use super::trust::TrustList;
use super::verify::{verify_with, Policy, Verification};
use rayon::prelude::*;
use std::io::{self, BufRead, Write};

/// The longest line kept; the rest of a longer line is skipped (it is malformed anyway: a code
/// has at most 1,024 characters), so one endless line cannot exhaust memory.
pub const MAX_LINE_BYTES: usize = 4096;
/// Lines verified per parallel round: large enough to keep every core busy, small enough that
/// output starts at once and memory stays bounded.
pub const CHUNK_LINES: usize = 4096;

/// Verify one raw line (without its newline; a trailing CR is ignored).
pub fn verify_line(raw: &[u8], trust: &TrustList, revoked: &RevocationList, policy: &Policy) -> Verification {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    match std::str::from_utf8(raw) {
        Ok(text) => verify_with(text, trust, revoked, policy),
        Err(_) => Verification::malformed("the line is not UTF-8 text (scanner noise?)"),
    }
}

/// Verify `lines` on every core; the answers are in the order of `lines`.
pub fn verify_batch<L: AsRef<[u8]> + Sync>(
    lines: &[L],
    trust: &TrustList,
    revoked: &RevocationList,
    policy: &Policy,
) -> Vec<Verification> {
    lines.par_iter().map(|l| verify_line(l.as_ref(), trust, revoked, policy)).collect()
}

/// Read one line (up to `\n`, which is not kept) into `buf`, keeping at most [`MAX_LINE_BYTES`]
/// (plus one byte, so that an over-long line stays over-long). Returns false at end of input.
fn read_line_bounded(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
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
        let room = (MAX_LINE_BYTES + 1).saturating_sub(buf.len());
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
    verify_stream_with(input, out, trust, revoked, policy, &mut |_| {})
}

/// [`verify_stream`], with `confirm` applied to every verification in input order before its
/// answer is written (the online check against the registry's print records, which holds one
/// database connection and so runs on this thread while the signatures are checked on all).
pub fn verify_stream_with(
    mut input: impl BufRead,
    mut out: impl Write,
    trust: &TrustList,
    revoked: &RevocationList,
    policy: &Policy,
    confirm: &mut dyn FnMut(&mut Verification),
) -> io::Result<u64> {
    let mut total = 0u64;
    let mut chunk: Vec<Vec<u8>> = Vec::with_capacity(CHUNK_LINES);
    let mut buf = Vec::new();
    loop {
        let more = read_line_bounded(&mut input, &mut buf)?;
        if more {
            chunk.push(std::mem::take(&mut buf));
        }
        if chunk.len() == CHUNK_LINES || (!more && !chunk.is_empty()) {
            let mut checked: Vec<Verification> =
                chunk.par_iter().map(|l| verify_line(l, trust, revoked, policy)).collect();
            checked.iter_mut().for_each(&mut *confirm);
            // Each thread writes its answers into one buffer of its own (rayon's fold), so a line
            // costs no allocation of its own for its JSON; the buffers keep input order.
            let answers: Vec<Vec<u8>> = checked
                .par_iter()
                .fold(Vec::new, |mut buf, v| {
                    v.write_json(&mut buf);
                    buf.push(b'\n');
                    buf
                })
                .collect();
            for a in answers {
                out.write_all(&a)?;
            }
            out.flush()?;
            total += chunk.len() as u64;
            chunk.clear();
        }
        if !more {
            return Ok(total);
        }
    }
}
