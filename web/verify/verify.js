// certdesk phone verification page: checks a slip's QR code in the browser, offline from the
// moment the page and its three lists are loaded. The same rules as the reference verifier
// (src/seal/verify.rs; format in docs/qr-format.md): decode, key lookup, Ed25519 or SM2 signature,
// signed revocation list, compromised keys, dates, list age. Nothing is sent anywhere: the only
// requests are for this page's own files (page.json, trust.json, revocations.txt, and the
// Ed25519 library where the browser lacks WebCrypto Ed25519, the SM2 library for an SM2 key).

// Format version 1 (Ed25519) and version 2 (the algorithm named: Ed25519 or SM2 over SM3).
const MARKERS = ["CD1:", "CD2:"];
const SM2_USER_ID = "1234567812345678"; // GB/T 35276 default, as the reference (seal::algo)
const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
const SIG_LEN = 64;
const MAX_INPUT = 1024;

const T = {
  zh: {
    title: "证书凭条核验", lang: "English", checking: "正在核验……", check: "核验",
    code_label: "手动输入或粘贴二维码内容",
    privacy: "核验在本机浏览器内完成，凭条内容不会发送到任何服务器。",
    review_unknown: "复审信息未提供，以发证机关记录为准",
    no_code: "请用手机相机扫描凭条上的二维码，或在下方输入其内容。",
    list: (issued, hours) => `证书状态变更名单发布于 ${issued}（北京时间，${hours} 小时前）`,
    list_old: "证书状态变更名单过旧，请稍后再试或联系发证机关。",
    list_none: "无法取得有效的证书状态变更名单。",
    f: { title: "证件", name: "姓名", gender: "性别", id: "身份证号", number: "证号", category: "作业类别", item: "操作项目",
         industry: "行业类别", valid_until: "有效期至", review_due: "应复审日期", status: "打印时状态",
         serial: "打印流水号", printed: "打印时间", key: "签发密钥" },
    v: {
      valid: "真实有效", review_due: "真实有效，复审期限临近",
      list_too_old: "证件真实，但证书状态变更名单过旧，无法确认是否已被撤销、注销或暂停",
      expired: "证件真实，但已过期", review_overdue: "证件真实，但未按期复审（失效）",
      suspended: "证件真实，但已暂停", revoked: "证件真实，但已撤销", cancelled: "证件真实，但已注销",
      key_retired: "签名有效，但签发密钥在此之前已停用，凭条无效",
      unknown_key: "签发密钥不在信任列表中，无法核验", forged: "签名不符，可能被篡改或伪造",
      malformed: "无法识别的二维码", not_printed: "签名有效，但登记系统无此打印记录",
    },
    cause: { revoked: "已撤销", suspended: "已暂停", cancelled: "已注销", status_at_print: "打印时即为该状态",
             key_compromised: "签发密钥已泄露，此后签发的凭条作废" },
    status: ["有效", "有效（复审临近）", "有效（即将到期）", "未按期复审（失效）", "已过期", "已暂停", "已撤销", "已注销"],
    gender: ["男", "女"],
    kinds: { 1: "特种作业操作证", 2: "安全生产知识和管理能力考核合格证（主要负责人）", 3: "安全生产知识和管理能力考核合格证（安全生产管理人员）" },
  },
  en: {
    title: "Certificate slip check", lang: "中文", checking: "Checking...", check: "Check",
    code_label: "Type or paste the QR code's text",
    privacy: "The check runs in this browser; the slip's data is not sent to any server.",
    review_unknown: "review information not provided; the issuing authority's record prevails",
    no_code: "Scan the QR code on the slip with the phone camera, or enter its text below.",
    list: (issued, hours) => `Standing list issued ${issued} Beijing time (${hours} hours ago)`,
    list_old: "The standing list is too old; try again later or ask the issuing bureau.",
    list_none: "No valid standing list could be loaded.",
    f: { title: "Certificate", name: "Name", gender: "Gender", id: "ID number", number: "Number", category: "Category",
         item: "Operation item", industry: "Industry", valid_until: "Valid until", review_due: "Review due",
         status: "Status when printed", serial: "Print serial", printed: "Printed at", key: "Signing key" },
    v: {
      valid: "authentic and valid", review_due: "authentic and valid; the review is due soon",
      list_too_old: "authentic, but the standing list is too old to rule out a revocation, cancellation or suspension",
      expired: "authentic, but expired", review_overdue: "authentic, but the review is overdue (invalid)",
      suspended: "authentic, but suspended", revoked: "authentic, but revoked", cancelled: "authentic, but cancelled",
      key_retired: "the signature is good, but its key had been retired before: not valid",
      unknown_key: "signed with a key not in the trust list; cannot verify",
      forged: "signature does not match: altered or forged", malformed: "not a readable certdesk code",
      not_printed: "the signature is good, but the registry has no record of printing this slip",
    },
    cause: { revoked: "revoked", suspended: "suspended", cancelled: "cancelled", status_at_print: "already so when printed",
             key_compromised: "signed by a compromised key after it was compromised" },
    status: ["valid", "valid (review due soon)", "valid (expiring soon)", "review overdue (invalid)", "expired", "suspended", "revoked", "cancelled"],
    gender: ["male", "female"],
    kinds: { 1: "Special Operation Certificate", 2: "Safety Qualification Certificate (principal)", 3: "Safety Qualification Certificate (safety manager)" },
  },
};

// Chinese first; the button (or ?lang=en) switches.
let lang = "zh";
let last = null; // { result, listInfo } for re-rendering on a language switch

const $ = (id) => document.getElementById(id);
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (s) => {
  if (!/^[0-9a-fA-F]*$/.test(s) || s.length % 2) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
  return out;
};
const pad = (n, w = 2) => String(n).padStart(w, "0");
const ymd = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const DAY = 86400000;
// A moment in Beijing time (UTC+8, no daylight saving), as the station shows it: 2026-11-24 04:34.
const beijing = (d) => {
  const b = new Date(d.getTime() + 8 * 3600000);
  return `${ymd(b)} ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}`;
};

// ---- Ed25519: WebCrypto where the browser has it, else the vendored @noble/ed25519 ----------
const params = new URLSearchParams(location.search);
let engine = params.get("engine") === "noble" ? "noble" : "auto";
let noble = null;
async function edVerify(pub, sig, msg) {
  if (engine !== "noble") {
    try {
      const key = await crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
      const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, sig, msg);
      engine = "webcrypto";
      return ok;
    } catch (e) {
      if (engine === "webcrypto") return false; // supported: this key or signature is bad
      engine = "noble";
    }
  }
  if (!noble) noble = await import("./noble-ed25519.js");
  try {
    return await noble.verifyAsync(sig, msg, pub, { zip215: false });
  } catch (e) {
    return false;
  }
}

// ---- SM2 over SM3 (GB/T 32918.2, GB/T 32905): the vendored sm-crypto, loaded on first use --
// A classic (UMD) script: it sets `self.sm2`. Requested only when an SM2 key is met.
let sm2lib = null;
function loadSm2() {
  if (!sm2lib) {
    sm2lib = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = "sm-crypto-sm2.js";
      s.onload = () => (self.sm2 ? resolve(self.sm2) : reject(new Error("SM2 library did not load")));
      s.onerror = () => reject(new Error("SM2 library not available"));
      document.head.append(s);
    });
  }
  return sm2lib;
}
async function sm2Verify(pub, sig, msg) {
  const lib = await loadSm2();
  try {
    // r || s (64 bytes, no DER); SM3 over Z_A (user ID) || msg.
    return lib.doVerifySignature(msg, hex(sig), hex(pub), { der: false, hash: true, userId: SM2_USER_ID }) === true;
  } catch (e) {
    return false;
  }
}
// A signature by a trust-list key, by the key's algorithm.
async function keyVerify(key, sig, msg) {
  return key.alg === "sm2" ? sm2Verify(key.pub, sig, msg) : edVerify(key.pub, sig, msg);
}

// ---- Base45 (RFC 9285), strict: one text per byte string ------------------------------------
function b45decode(s) {
  if (s.length === 0) throw new Error("nothing after the marker");
  if (s.length % 3 === 1) throw new Error("Base45 data has an impossible length (truncated?)");
  const out = [];
  for (let i = 0; i < s.length; i += 3) {
    const v = Array.from(s.slice(i, i + 3), (c) => B45.indexOf(c));
    if (v.some((x) => x < 0)) throw new Error("Base45 data is not valid");
    if (v.length === 3) {
      const n = v[0] + v[1] * 45 + v[2] * 2025;
      if (n > 65535) throw new Error("Base45 data is not valid");
      out.push(n >> 8, n & 255);
    } else {
      const n = v[0] + v[1] * 45;
      if (n > 255) throw new Error("Base45 data is not valid");
      out.push(n);
    }
  }
  return new Uint8Array(out);
}

// ---- the record (docs/qr-format.md §3) -------------------------------------------------------
const gbDecoder = new TextDecoder("gb18030", { fatal: true });
function gbText(bytes) {
  const s = gbDecoder.decode(bytes);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(s)) throw new Error("text has control characters");
  return s;
}
function parseBody(b, tables) {
  let pos = 0;
  const take = (n) => {
    if (pos + n > b.length) throw new Error("record is truncated");
    const s = b.subarray(pos, pos + n);
    pos += n;
    return s;
  };
  const u8 = () => take(1)[0];
  const version = u8();
  if (version !== 1) throw new Error("format version not supported");
  const keyId = (u8() << 8) | u8();
  const h = take(4);
  const head = ((h[0] << 24) >>> 0) + (h[1] << 16) + (h[2] << 8) + h[3];
  const kind = head >>> 30;
  if (kind === 0) throw new Error("certificate kind code 0 is not defined");
  const status = (head >>> 27) & 7;
  const gender = (head >>> 26) & 1;
  const hasReview = ((head >>> 25) & 1) === 1;
  const minutes = head & ((1 << 25) - 1);
  const printed = new Date(Date.UTC(2024, 0, 1) + minutes * 60000);
  const handle = hex(take(8));
  const m = take(5);
  const mv = m[0] * 2 ** 32 + ((m[1] << 24) >>> 0) + (m[2] << 16) + (m[3] << 8) + m[4];
  const first = Math.floor(mv / 16384);
  const last = mv % 16384;
  if (first > 999999 || last > 999 * 11 + 10) throw new Error("masked ID number out of range");
  const check = last % 11 === 10 ? "X" : String(last % 11);
  const maskedId = `${pad(first, 6)}********${pad(Math.floor(last / 11), 3)}${check}`;
  const day = (x) => new Date(Date.UTC(2000, 0, 1) + ((x[0] << 8) | x[1]) * DAY);
  const validUntil = day(take(2));
  const reviewDue = hasReview ? day(take(2)) : null;
  let serial = 0n;
  for (let i = 0; ; i++) {
    if (i === 10) throw new Error("print serial is too long");
    const x = u8();
    const part = BigInt(x & 0x7f);
    if (i === 9 && part > 1n) throw new Error("print serial overflows 64 bits");
    serial |= part << BigInt(7 * i);
    if ((x & 0x80) === 0) {
      if (x === 0 && i > 0) throw new Error("print serial is not minimally encoded");
      break;
    }
  }
  const scope = (name, table) => {
    const code = u8();
    if (code !== 0) {
      if (code > table.length) throw new Error(`${name} code ${code} is not defined`);
      return table[code - 1];
    }
    const len = u8();
    if (len === 0) return null;
    if (len > 40) throw new Error(`${name} text is too long`);
    return gbText(take(len));
  };
  let category = null, item = null, industry = null;
  if (kind === 1) {
    category = scope("category", tables.categories);
    item = scope("item", tables.items);
  } else {
    industry = scope("industry", tables.industries);
  }
  const rest = b.subarray(pos);
  if (rest.length === 0 || rest.length > 40) throw new Error(`name has ${rest.length} bytes`);
  const name = gbText(rest);
  const printedAt = `${ymd(printed)}T${pad(printed.getUTCHours())}:${pad(printed.getUTCMinutes())}`;
  return { keyId, kind, status, gender, printedAt, handle, maskedId, validUntil: ymd(validUntil),
           reviewDue: reviewDue && ymd(reviewDue), serial: serial.toString().padStart(8, "0"), category, item, industry, name };
}

// ---- lists -----------------------------------------------------------------------------------
function keyIdHex(n) {
  return n.toString(16).toUpperCase().padStart(4, "0");
}
async function loadTrust() {
  const r = await fetch("trust.json", { cache: "no-store" });
  if (!r.ok) throw new Error("trust list not available");
  const j = await r.json();
  const keys = new Map();
  for (const k of j.keys) {
    const alg = k.algorithm || "ed25519";
    const pub = unhex(k.public_key);
    // Ed25519: 32 bytes; SM2: the uncompressed point 04 || x || y (65 bytes).
    if (!pub || !((alg === "ed25519" && pub.length === 32) || (alg === "sm2" && pub.length === 65 && pub[0] === 4))) {
      continue;
    }
    keys.set(k.id.toUpperCase(), { alg, pub, status: k.status, since: k.compromised_since || null,
                                   retiredAt: k.retired_at || null });
  }
  return keys;
}
// The signed revocation list (docs/qr-format.md §7); null when missing or not checking out.
async function loadRevocations(trust) {
  let text;
  try {
    const r = await fetch("revocations.txt", { cache: "no-store" });
    if (!r.ok) return null;
    text = await r.text();
  } catch (e) {
    return null;
  }
  const start = text.startsWith("signature ") ? 0 : text.indexOf("\nsignature ") + 1;
  if (start <= 0 && !text.startsWith("signature ")) return null;
  const content = text.slice(0, start);
  const sigLines = text.slice(start).split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "");
  let accepted = null;
  for (const line of sigLines) {
    const p = line.split(/\s+/);
    if (p.length !== 3 || p[0] !== "signature") return null;
    const key = trust.get(p[1].toUpperCase());
    if (!key || key.status === "compromised") continue;
    const sig = unhex(p[2]);
    if (!sig || sig.length !== 64) return null;
    if (!(await keyVerify(key, sig, new TextEncoder().encode(content)))) return null;
    accepted = p[1];
    break;
  }
  if (!accepted) return null;
  const lines = content.split("\n");
  if (lines[0] !== "certdesk-revocations 1") return null;
  const im = /^issued (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)$/.exec(lines[1] || "");
  const cm = /^entries (\d+)$/.exec(lines[2] || "");
  if (!im || !cm) return null;
  const entries = new Map();
  for (const l of lines.slice(3)) {
    if (l === "") continue;
    const m = /^([0-9a-fA-F]{16}) (revoked|suspended|cancelled)$/.exec(l);
    if (!m || entries.has(m[1].toLowerCase())) return null;
    entries.set(m[1].toLowerCase(), m[2]);
  }
  if (entries.size !== Number(cm[1])) return null;
  return { issued: new Date(im[1]), issuedText: im[1], entries };
}

// ---- verification (same order as src/seal/verify.rs) ----------------------------------------
async function verifyText(prefixText, data, ctx) {
  let raw;
  try {
    raw = b45decode(data);
  } catch (e) {
    return { verdict: "malformed", reason: e.message };
  }
  if (raw.length < SIG_LEN + 3) return { verdict: "malformed", reason: "too short: the code is truncated" };
  const body = raw.subarray(0, raw.length - SIG_LEN);
  const sig = raw.subarray(raw.length - SIG_LEN);
  // The version byte must be the marker's (docs/qr-format.md §3a); version 2 names the algorithm.
  const version = prefixText.endsWith("CD2:") ? 2 : 1;
  if (body[0] !== version) return { verdict: "malformed", reason: "format version does not match its marker" };
  let alg = "ed25519", v1 = body;
  if (version === 2) {
    if (raw.length < SIG_LEN + 4) return { verdict: "malformed", reason: "too short: the code is truncated" };
    alg = { 1: "ed25519", 2: "sm2" }[body[1]];
    if (!alg) return { verdict: "malformed", reason: "unknown signature algorithm" };
    // The rest reads as version 1 from its key id on.
    v1 = new Uint8Array(body.length - 1);
    v1[0] = 1;
    v1.set(body.subarray(2), 1);
  }
  const keyId = keyIdHex((v1[1] << 8) | v1[2]);
  const key = ctx.trust.get(keyId);
  if (!key) return { verdict: "unknown_key", keyId };
  // A slip naming another algorithm than its key's was not signed by that key.
  if (key.alg !== alg) return { verdict: "forged", keyId };
  const prefix = new TextEncoder().encode(prefixText);
  const msg = new Uint8Array(prefix.length + body.length);
  msg.set(prefix);
  msg.set(body, prefix.length);
  let good;
  try {
    good = await keyVerify(key, sig, msg);
  } catch (e) {
    // The SM2 library could not be loaded: no verdict can be given on this slip.
    return { verdict: "malformed", keyId, reason: e.message };
  }
  if (!good) return { verdict: "forged", keyId };
  let c;
  try {
    c = parseBody(v1, ctx.page.tables);
  } catch (e) {
    return { verdict: "malformed", keyId, reason: "signed record cannot be read: " + e.message };
  }
  const today = ctx.today;
  const listed = ctx.list ? ctx.list.entries.get(c.handle) : undefined;
  const compromised = key.status === "compromised" && (!key.since || c.printedAt + ":00" >= key.since);
  // Stamped after its key was retired: not the bureau's slip (the reference's rule, same order).
  if (!compromised && key.retiredAt && c.printedAt + ":00" > key.retiredAt) return { verdict: "key_retired", keyId };
  let verdict, cause = null;
  if (compromised) { verdict = "revoked"; cause = "key_compromised"; }
  else if (listed === "revoked") { verdict = "revoked"; cause = listed; }
  else if (listed === "cancelled") { verdict = "cancelled"; cause = listed; }  // 注销 (art. 31) is not 撤销
  else if (c.status === 6) { verdict = "revoked"; cause = "status_at_print"; }
  else if (c.status >= 7) { verdict = "cancelled"; cause = "status_at_print"; }
  else if (listed === "suspended") { verdict = "suspended"; cause = listed; }
  else if (c.status === 5) { verdict = "suspended"; cause = "status_at_print"; }
  else if (c.status === 4 || today > c.validUntil) verdict = "expired";
  else if (c.status === 3 || (c.reviewDue && c.reviewDue < today)) verdict = "review_overdue";
  else if (c.reviewDue && (Date.parse(c.reviewDue) - Date.parse(today)) / DAY <= ctx.page.review_due_days) verdict = "review_due";
  else verdict = "valid";
  if (ctx.listTooOld && (verdict === "valid" || verdict === "review_due")) verdict = "list_too_old";
  return { verdict, cause, keyId, claims: c };
}

// Where the first marker (CD1: or CD2:) starts, or -1.
function markerAt(up) {
  const found = MARKERS.map((m) => up.indexOf(m)).filter((i) => i >= 0);
  return found.length ? Math.min(...found) : -1;
}

// Reading a code: the §2 rules for typed text; for the address bar, the part of the path from
// "CD1:" on, with the page's own origin and path before it as the (signed) prefix text.
function readTyped(text) {
  const t = text.trim();
  if (t.length === 0) return null;
  if (t.length > MAX_INPUT || /[^\x00-\x7f]/.test(t)) return { bad: "input has characters a certdesk code never contains" };
  const up = t.toUpperCase();
  const i = markerAt(up);
  if (i < 0) return { bad: "no CD1: or CD2: marker: not a certdesk code" };
  return { prefix: up.slice(0, i + 4), variants: [up.slice(i + 4)] };
}
// A browser sends a space of the QR text as "%20" (and some camera apps send "%" as "%25"); but
// "%", "2", "0" and "5" are Base45 characters too, so each "%20"/"%25" may be either. Every
// reading is tried; at most one can carry a good signature.
function readLocation() {
  const path = location.pathname;
  const up = path.toUpperCase();
  const i = markerAt(up);
  if (i < 0) return null;
  const prefix = (location.protocol + "//" + location.host + path.slice(0, i + 4)).toUpperCase();
  const data = path.slice(i + 4).toUpperCase();
  const parts = data.split(/(%2[05])/);
  const slots = parts.filter((_, k) => k % 2 === 1).length;
  const variants = [];
  const limit = slots <= 8 ? 1 << slots : 1;
  for (let mask = 0; mask < limit; mask++) {
    let s = "", slot = 0;
    for (let k = 0; k < parts.length; k++) {
      if (k % 2 === 0) s += parts[k];
      else {
        const decode = slots <= 8 ? (mask >> slot) & 1 : 1;
        s += decode ? (parts[k] === "%20" ? " " : "%") : parts[k];
        slot++;
      }
    }
    variants.push(s);
  }
  if (slots > 8) variants.push(data);
  return { prefix, variants };
}
async function check(code, ctx) {
  if (!code) return null;
  if (code.bad) return { verdict: "malformed", reason: code.bad };
  let first = null;
  for (const v of code.variants) {
    const r = await verifyText(code.prefix, v, ctx);
    if (r.claims || r.verdict === "unknown_key") return r;
    if (!first || (first.verdict === "malformed" && r.verdict !== "malformed")) first = r;
  }
  return first;
}

// ---- rendering --------------------------------------------------------------------------------
function render() {
  const t = T[lang];
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  $("title").textContent = t.title;
  $("lang").textContent = t.lang;
  $("code-label").textContent = t.code_label;
  $("check").textContent = t.check;
  $("privacy").textContent = t.privacy;
  if (!last) return;
  const { result, ctx } = last;
  const sec = $("verdict");
  const dl = $("fields");
  dl.replaceChildren();
  if (!result) {
    sec.dataset.verdict = "";
    $("verdict-text").textContent = t.no_code;
    $("verdict-detail").textContent = "";
    dl.hidden = true;
  } else {
    sec.dataset.verdict = result.verdict;
    $("verdict-text").textContent = t.v[result.verdict];
    $("verdict-detail").textContent = result.cause ? t.cause[result.cause] : result.reason || "";
    const c = result.claims;
    const row = (label, value) => {
      if (value === null || value === undefined || value === "") return;
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value;
      dd.dataset.field = label;
      dl.append(dt, dd);
    };
    if (c) {
      row(t.f.title, t.kinds[c.kind]);
      row(t.f.name, c.name);
      row(t.f.gender, t.gender[c.gender]);
      row(t.f.id, c.maskedId);
      if (c.kind === 1) row(t.f.number, "T" + c.maskedId);
      row(t.f.category, c.category);
      row(t.f.item, c.item);
      row(t.f.industry, c.industry);
      row(t.f.valid_until, c.validUntil);
      row(t.f.review_due, c.reviewDue || (c.kind === 1 ? t.review_unknown : null));
      row(t.f.status, t.status[c.status]);
      row(t.f.serial, c.serial);
      row(t.f.printed, c.printedAt.replace("T", " "));
    }
    if (result.keyId) row(t.f.key, result.keyId);
    dl.hidden = dl.childElementCount === 0;
  }
  const li = $("list-info");
  li.dataset.listTooOld = String(ctx.listTooOld);
  if (ctx.list) {
    const hours = Math.floor((Date.now() - ctx.list.issued.getTime()) / 3600000);
    li.textContent = t.list(beijing(ctx.list.issued), hours) + (ctx.listTooOld ? " " + t.list_old : "");
  } else {
    li.textContent = t.list_none;
  }
  li.className = ctx.listTooOld ? "warn" : "";
}

async function main() {
  let ctx;
  try {
    const pageResp = await fetch("page.json", { cache: "no-store" });
    const page = await pageResp.json();
    const trust = await loadTrust();
    const list = await loadRevocations(trust);
    const now = new Date();
    const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    const maxAge = page.max_list_age_days > 0 ? page.max_list_age_days * DAY : null;
    const listTooOld = maxAge !== null && (!list || now.getTime() - list.issued.getTime() > maxAge);
    ctx = { page, trust, list, today, listTooOld };
  } catch (e) {
    document.body.dataset.state = "error";
    $("verdict-text").textContent = "无法加载核验数据 / cannot load the verification data: " + e.message;
    return;
  }
  const show = async (code) => {
    document.body.dataset.state = "checking";
    last = { result: await check(code, ctx), ctx };
    render();
    document.body.dataset.engine = engine;
    document.body.dataset.state = "done";
  };
  $("lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    render();
  });
  $("manual").addEventListener("submit", (ev) => {
    ev.preventDefault();
    show(readTyped($("code").value));
  });
  if (params.get("lang") === "en") lang = "en";
  render();
  await show(readLocation());
}

main();
