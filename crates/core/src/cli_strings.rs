//! The command line's words: every message the `certdesk` commands print for people, in
//! Chinese and English, in one table (issue 13 §3). The language is resolved once at start
//! ([`resolve`]: `--lang`, else `$CERTDESK_LANG`, else `ui.language` in certdesk.toml, else
//! Chinese) and handed to each command, which looks its messages up here with [`t`].
//!
//! A message is a template: `{0}`, `{1}`, … are its arguments, in the order the caller gives
//! them; the Chinese and the English template may place them differently. Machine output
//! (JSON, CSV headers and keys) never goes through this table: it stays the same in both
//! languages.
//!
//! To add a command's messages: add lines to `messages!` below; the tests check that both
//! languages of a line use the same arguments.

pub use crate::config::Lang;
use std::fmt::Display;
use std::path::Path;

macro_rules! messages {
    ($($id:ident => $zh:literal, $en:literal;)*) => {
        /// A message of the command line (see the module comment).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum M { $(#[doc = $en] $id),* }
        impl M {
            /// Every message, for the table's own tests.
            pub const ALL: &'static [M] = &[$(M::$id),*];
            /// The message in Chinese, with `{0}`, `{1}`, … for its arguments.
            pub fn zh(self) -> &'static str {
                match self { $(M::$id => $zh),* }
            }
            /// The message in English, with the same arguments.
            pub fn en(self) -> &'static str {
                match self { $(M::$id => $en),* }
            }
        }
    };
}

messages! {
    // ---- language, errors in general ----
    BadLang => "语言“{0}”无效：请用 zh 或 en（--lang、CERTDESK_LANG 或 certdesk.toml 的 ui.language）",
        "language \"{0}\" is not known: use zh or en (--lang, CERTDESK_LANG or ui.language in certdesk.toml)";
    ErrorPrefix => "certdesk：错误：", "certdesk: error: ";
    ActorPinPrompt => "工号 {0} 的 PIN：", "PIN of staff {0}: ";
    ActorNoPin => "须由该工作人员输入 PIN：请在终端上执行，或用 --pin-stdin 从标准输入给出",
        "this needs the staff member's PIN: run it on a terminal, or give it on stdin with --pin-stdin";
    ActorNeeded => "“{0}”须由执行的工作人员证明身份：加 --staff 工号（其 PIN 在终端输入，或用 --pin-stdin）",
        "{0} needs the acting staff member to prove who acts: add --staff ID (their PIN is asked for, or --pin-stdin)";
    ActorRole => "工作人员 {0} 的角色是 {1}，不能执行“{2}”", "staff {0} is {1} and cannot run {2}";
    StaffLastManager => "工号 {0} 是最后一位在职的主管或管理员，不能停用", "staff {0} is the last active supervisor or admin and cannot be disabled";
    ActorDenied => "工号或 PIN 不对，未执行（该工号还可再试 {0} 次）", "wrong staff number or PIN; nothing was done ({0} attempts left for this number)";
    ActorLocked => "工号 {0} 因多次输错 PIN 已锁定 {1} 分钟，未执行（管理员可执行 certdesk staff unlock）",
        "staff number {0} is locked for {1} minutes after too many wrong PINs; nothing was done (an administrator can run certdesk staff unlock)";
    DiskFull => "磁盘空间已满，未能写入（本次操作未保存任何内容）：请腾出磁盘空间后重试",
        "the disk is full: nothing could be written (this operation saved nothing); free some disk space and try again";
    NoDatabase => "{0} 处没有数据库\n提示：请先执行 `certdesk --home {1} init`", "no database at {0}\nhint: run `certdesk --home {1} init` first";
    // ---- init ----
    InitAlready => "{0} 已是 certdesk 主目录，未作改动。", "{0} is already a certdesk home; nothing changed.";
    InitConfig => "已写入 {0}", "wrote {0}";
    InitDatabase => "已创建数据库 {0}", "created database {0}";
    InitServer => "数据库位于 {0}", "database on {0}";
    InitAuditKey => "已创建审计密钥 {0}（权限 0600）", "created audit key {0} (mode 0600)";
    InitSigningKey => "已创建签名密钥 {0}（编号 {1}）及信任列表 {2}", "created signing key {0} (id {1}) and trust list {2}";
    InitRevocations => "已写入空的签名撤销名单 {0}", "wrote an empty signed revocation list {0}";
    InitSpool => "已创建凭条输出目录 {0}", "created spool directory {0}";
    InitVerifyUrl => "核验网址：{0}（凭条二维码用手机相机即可打开核验页；用 `certdesk publish DIR` 生成页面并在该网址发布）",
        "verification address: {0} (a phone camera opens the page from the slip's QR code; `certdesk publish DIR` writes the page to serve there)";
    InitVerifyUrlKept => "certdesk.toml 已设置 seal.url_prefix，未改动", "certdesk.toml already sets seal.url_prefix; left as it is";
    InitNoVerifyUrl => "注意：未设置核验网址，手机扫码无法打开核验页；可在 certdesk.toml 设置 seal.url_prefix（`certdesk doctor` 会提示）",
        "note: no verification address, so a phone cannot open the slip's QR code; set seal.url_prefix in certdesk.toml (`certdesk doctor` reminds you)";
    InitAskVerifyUrl => "本局核验网址（例如 https://v.example.gov.cn/，直接回车跳过）：", "the bureau's verification address (e.g. https://v.example.gov.cn/, Enter to skip): ";
    InitNext => "下一步：`certdesk --home {0} import 名册.csv`，然后 `certdesk staff add ...`。",
        "Next: `certdesk --home {0} import ROSTER.csv`, then `certdesk staff add ...`.";
    // ---- hall (issue 17 §7) ----
    HallNotPostgres => "`hall grants` 只用于大厅的 PostgreSQL 服务器；本终端的数据库是 SQLite 文件（paths.database）",
        "`hall grants` is for a hall's PostgreSQL server; this home's database is a SQLite file (paths.database)";
    HallBadPrefix => "角色名前缀 {0:?} 不可用：只能用字母、数字和下划线，不以数字开头，最长 50 个字符",
        "role prefix {0:?} is not usable: letters, digits and underscores only, not starting with a digit, at most 50 characters";
    HallGrantsApplied => "已在模式 {0} 上设置各终端角色的权限（{1}kiosk、{1}verifier、{1}desk、{1}admin）；每台终端用 CREATE ROLE … LOGIN … IN ROLE 建自己的登录用户",
        "grants set on schema {0} for the terminal roles ({1}kiosk, {1}verifier, {1}desk, {1}admin); give each terminal its own login with CREATE ROLE … LOGIN … IN ROLE";
    // ---- import ----
    ImportSummary => "{0}：读取 {1} 行；新增 {2}，更新 {3}（其中 {4} 张转到其他持证人），未变 {5}；拒收 {6} 行；警告 {7} 条（{8} 秒）",
        "{0}: {1} rows read; {2} inserted, {3} updated ({4} moved to another holder), {5} unchanged; {6} rejected; {7} warnings ({8} s)";
    ImportIgnored => "已忽略的列：{0}", "ignored columns: {0}";
    ImportErrorRow => "错误　第 {0} 行，{1}：{2}", "error   row {0}, {1}: {2}";
    ImportWarningRow => "警告　第 {0} 行，{1}：{2}", "warning row {0}, {1}: {2}";
    ImportErrorMore => "错误　……另有 {0} 条", "error   ... and {0} more";
    ImportWarningMore => "警告　……另有 {0} 条", "warning ... and {0} more";
    ImportProgress => "导入名册", "importing roster";
    ImportRows => "行", "rows";
    ImportMissingColumns => "{0}：表头缺少必需的列：{1}（共缺 {2} 列；文件中识别到的列：{3}）。请使用省级系统导出的名册，或补齐这些列后重新导入；未导入任何数据。",
        "{0}: the header row lacks required columns: {1} ({2} missing; recognised in the file: {3}). Use the provincial roster export, or add these columns and import again; nothing was imported.";
    ImportNotRoster => "{0} 不是名册文件：{1}", "{0} is not a roster file: {1}";
    ImportEmpty => "{0} 是空文件，未导入任何数据", "{0} is empty; nothing was imported";
    ImportUnsupported => "{0}：不支持的文件类型，请使用 .csv 或 .xlsx", "{0}: unsupported file type; use .csv or .xlsx";
    ImportCannotRead => "无法读取 {0}：{1}", "cannot read {0}: {1}";
    ImportXlsx => "{0} 不是可读的 Excel 工作簿（文件损坏或不完整？）：{1}", "{0} is not a readable Excel workbook (damaged or truncated?): {1}";
    ImportTooLarge => "{0} 被拒收：{1}", "{0} is refused: {1}";
    ImportCrashed => "{0}：读取该文件时出错中止，未导入任何数据", "{0}: the reader crashed on this file; nothing was imported";
    NoneFound => "（无）", "(none)";
    // ---- keys ----
    KeyExists => "签名密钥已存在：{0}\n提示：`certdesk keys new --rotate` 可将其停用并生成新密钥",
        "a signing key already exists at {0}\nhint: `certdesk keys new --rotate` retires it and makes a new one";
    KeyRetiredKept => "已停用密钥 {0}（私钥暂留于 {1}，仅用于签署信任列表交接；`certdesk keys export` 分发后请执行 `certdesk keys retire {0}` 销毁）",
        "retired key {0} (its private file stays at {1} only to sign the trust-list hand-over; after `certdesk keys export` run `certdesk keys retire {0}` to destroy it)";
    AuditKeyMoved => "审计日志改用 {0} 签名（SM2 对应 SM3 杂凑链）；原审计密钥签至第 {1} 条，其公钥留存于 {2} 用于核验旧记录，私钥已删除。大厅各终端请复制新的 keys/audit.key",
        "the audit log is now signed with {0} (SM2 with an SM3 chain); the old audit key signed entries up to {1}, its public key stays in {2} to verify them and its secret is gone. On a hall, copy the new keys/audit.key to every terminal";
    KeyNew => "新签名密钥 {0} 已生成于 {1}（权限 0600），并加入信任列表 {2}",
        "new signing key {0} at {1} (mode 0600), added to {2}";
    KeyLine => "{0}  {1}  {2}  添加于 {3}", "{0}  {1}  {2}  added {3}";
    KeyNotId => "“{0}”不是密钥编号；`certdesk keys list` 可列出全部密钥", "{0:?} is not a key id; `certdesk keys list` shows them";
    KeyRetired => "密钥 {0} 已停用：停用前的凭条仍可核验，停用后签发的凭条一律无效", "key {0} retired: slips it signed before still verify, any stamped after are refused";
    KeyDestroyed => "已销毁私钥文件 {0}（覆写后删除）", "destroyed the private key file {0} (overwritten, removed)";
    // ---- print ----
    Printed => "已打印，流水号 {0}\n{1}", "printed, serial {0}\n{1}";
    NotPrinted => "未打印：{0}", "not printed: {0}";
    JobKept => "该任务保留为流水号 {0}：打印机恢复后执行 `certdesk jobs reprint {1}`",
        "the job is kept as serial {0}: `certdesk jobs reprint {1}` when the printer is back";
    DailyLimit => "已达到每日打印上限 {0} 张", "daily print limit of {0} reached";
    // ---- audit ----
    AuditIntact => "审计日志完好：{0} 条记录，哈希链已核验，{1} 个签名已核验，{2} 个检查点一致，只追加触发器在位",
        "audit log intact: {0} entries, chain verified, {1} signatures verified, {2} checkpoints match, append-only triggers in place";
    AuditNewestCheckpoint => "最新检查点：第 {0} 条，{1}", "newest checkpoint: entry {0} at {1}";
    AuditBroken => "审计日志已损坏：{0}", "audit log BROKEN: {0}";
    AuditBrokenAt => "审计日志在第 {0} 条处损坏：{1}", "audit log BROKEN at entry {0}: {1}";
    AuditBeforeIntact => "第 {0} 条之前的记录完好。请保留此数据库作为证据并上报。",
        "entries before {0} are intact. Keep this database as evidence and report it.";
    AuditCheckpointCovers => "最新检查点已覆盖全部日志", "the newest checkpoint already covers the whole log";
    AuditEmpty => "审计日志为空，无需锚定", "the audit log is empty; nothing to anchor";
    AuditCheckpoint => "检查点：第 {0} 条，哈希 {1}，{2}", "checkpoint: entry {0} hash {1} at {2}";
    AuditBrokenShort => "审计日志在第 {0} 条处损坏：{1}", "audit log broken at entry {0}: {1}";
    // ---- backup ----
    BackupExists => "{0} 已存在；请换一个新文件名（备份从不覆盖已有文件）",
        "{0} exists; choose a new file name (backups never overwrite)";
    BackupNoFolder => "备份目标文件夹 {0} 不存在；请先创建该文件夹（mkdir -p {0}），或换一个已存在的文件夹。未写入任何文件。",
        "the backup folder {0} does not exist; create it first (mkdir -p {0}) or choose an existing folder. Nothing was written.";
    BackupNotFolder => "{0} 不是文件夹，无法在其中写入备份", "{0} is not a folder; a backup cannot be written into it";
    BackupFailed => "无法写入备份 {0}：{1}。未留下不完整的备份文件。", "cannot write the backup {0}: {1}. No partial backup file was left.";
    BackupDone => "备份已写入 {0}", "backup written to {0}";
    BackupProgress => "备份数据库", "backing up the database";
    BackupPages => "页", "pages";
    // ---- staff ----
    PinPrompt => "PIN（4-12 位数字）：", "PIN (4-12 digits): ";
    PinAgain => "再次输入 PIN：", "PIN again: ";
    PinDiffer => "两次输入的 PIN 不一致，未作改动", "the two PINs differ; nothing was changed";
    RoleUnknown => "角色“{0}”无效：请用 staff、supervisor 或 admin", "role {0:?} is unknown; use staff, supervisor or admin";
    StaffAdded => "已添加工作人员 {0}（{1}），角色 {2}", "staff {0} ({1}) added as {2}";
    StaffUnlocked => "工作人员 {0}：已清除 {1} 次 PIN 错误记录，PIN 恢复可用", "staff {0}: {1} failed PIN attempts cleared; the PIN works again";
    StaffNone => "没有工作人员“{0}”（见 `certdesk staff list`）", "there is no staff member {0:?} (see `certdesk staff list`)";
    StaffEnabled => "工作人员 {0}：已启用", "staff {0}: enabled";
    StaffDisabled => "工作人员 {0}：已停用，PIN 不能再登录", "staff {0}: disabled; the PIN no longer signs in";
    StaffPinReset => "工作人员 {0}：已设置新 PIN；如有 PIN 锁定已解除", "staff {0}: new PIN set; the PIN lock, if any, is lifted";
    StaffActive => "在用", "active";
    StaffInactive => "已停用", "disabled";
    // ---- jobs ----
    JobsNone => "没有待处理或失败的打印任务", "no pending or failed print jobs";
    JobsHeader => "流水号    状态     创建时间             证件                     终端        错误",
        "serial    state    created              certificate              station     error";
    JobsCertificate => "证件 #{0}", "certificate #{0}";
    JobsAssist => "{0}（工作人员 {1}，{2} 号窗口{3}）", "{0} (staff {1}, counter {2}{3})";
    JobsReminderDoc => "，复审提醒", " reminder";
    JobsNoBytes => "（无打印内容记录：请作废）", " (no recorded slip: void it)";
    JobsAdvice => "\n待处理的任务可能已经打出，也可能没有（断电、程序崩溃）。请询问持证人或检查打印机，然后：\n  certdesk jobs reprint 流水号        重新发送原凭条\n  certdesk jobs void 流水号 --reason \"...\"   作废（不再计入每日上限）",
        "\nA pending job may or may not have come out of the printer (power cut, crash). Ask the holder or check the printer, then:\n  certdesk jobs reprint SERIAL        send its exact slip again\n  certdesk jobs void SERIAL --reason \"...\"   write it off (it stops counting against the daily limit)";
    DocJobsNone => "没有待处理或失败的文书打印任务（告知书、承诺书、回执）", "no pending or failed document jobs (desk notices, pledges, receipts)";
    DocJobsTitle => "\n未打印的文书任务（告知书、承诺书、回执）：", "\ndocument jobs (desk notices, pledges, receipts) not printed:";
    DocJobsHeader => "文书      状态     创建时间             办件            类型      终端        错误",
        "document  state    created              case            kind      station     error";
    DocJobsAdvice => "请在窗口从办件中重新打印（F5 告知书、F6 承诺书、F7 回执）：将记录一个新任务。",
        "Print them again from the case at the desk (F5 notice, F6 pledge, F7 receipt): a new job is recorded.";
    TicketJobsTitle => "\n未打印的排队号票（号票仍有效，来访人已在队列中）：", "\nqueue tickets not printed (the tickets stand; the visitors are in the queue):";
    TicketJobsHeader => "号票任务  状态     创建时间             号码  错误",
        "ticket    state    created              no.   error";
    TicketJobsAdvice => "号票无需重打：请在窗口告知来访人号码，并检查打印机。", "No reprint needed: tell the visitor the number at the counter, and check the printer.";
    JobNone => "没有打印任务 {0}", "there is no print job {0}";
    JobNotStuck => "打印任务 {0} 并未卡住；如需再打一份，请用 `certdesk print` 打印新凭条",
        "print job {0} is not stuck; for another copy print a fresh slip with `certdesk print`";
    JobNoBytes => "任务 {0} 没有可重打的凭条内容；请执行 `certdesk jobs void {1}`",
        "job {0} has no recorded slip to reprint; `certdesk jobs void {1}`";
    PrinterTarget => "打印机地址：{0}", "printer target: {0}";
    JobReprinted => "任务 {0} 已重新打印", "job {0} reprinted";
    JobNotPrinted => "未打印：{0}", "not printed: {0}";
    JobVoidReason => "请用 --reason 说明原因（写入审计日志）", "say why with --reason (it goes into the audit log)";
    JobVoided => "任务 {0} 已作废：不再计入每日上限", "job {0} voided: it no longer counts against the daily limit";
    // ---- demo ----
    DemoHome => "certdesk 演示主目录：{0}", "certdesk demo home: {0}";
    DemoTry => "  试用身份证号 {0}，验证码 {1}", "  try ID {0}  with code {1}";
    DemoDesk => "  综合受理窗口：F12，工号 0001，PIN 123456（F10 退出登录回到自助机，窗口按 F12 退出）",
        "  service window: F12, staff number 0001, PIN 123456 (F10 logs out to the kiosk, F12 at the window quits)";
    DemoSpool => "  凭条写入 {0}/spool/（.bin 为 ESC/POS 字节，.txt 为预览）", "  slips are written to {0}/spool/ (.bin = ESC/POS bytes, .txt = preview)";
    DemoHeadless => "\n无终端：已在后台打印一张演示凭条（流水号 {0}）：\n{1}", "\nno terminal: printed one demo slip headless (serial {0}):\n{1}";
    // ---- check ----
    CheckPassedSqlite => "数据库 {0} 通过完整性全面检查：持证人 {1} 名，证件 {2} 张，结构版本 {3}",
        "database {0} passed the full integrity check: {1} holders, {2} certificates, schema version {3}";
    CheckPassedPg => "数据库 {0} 可用，结构为当前版本（数据页由服务器自行检查：见其日志与备份）：持证人 {1} 名，证件 {2} 张，结构版本 {3}",
        "database {0} answers, at the current schema (its pages are the server's to check: its own logs and backups): {1} holders, {2} certificates, schema version {3}";
    CheckProgress => "全面检查数据库（读取每一页）", "checking the whole database (every page)";
    // ---- doctor (summary lines; the checks speak both languages) ----
    DoctorPassed => "站点检查通过", "station checks passed";
    DoctorFailed => "{0} 项故障：投入使用前请先排除", "{0} checks failed: fix them before the station goes into service";
    // ---- remind ----
    RemindDays => "--days 须在 0 到 3660 之间", "--days must be between 0 and 3660";
    RemindFormatEmpty => "--format 为空：请从 csv、sms、xlsx 中选择一种或多种，用逗号分隔（如 --format csv,sms）",
        "--format is empty: choose one or more of csv, sms, xlsx, separated by commas (e.g. --format csv,sms)";
    RemindFormatBad => "--format 中的“{0}”无效：可选 csv、sms、xlsx（用逗号分隔，如 --format csv,sms,xlsx）",
        "--format {0:?} is not known: choose from csv, sms, xlsx (comma-separated, e.g. --format csv,sms,xlsx)";
    RemindCreating => "无法创建输出文件夹 {0}：{1}", "cannot create the output folder {0}: {1}";
    RemindBuilding => "生成到期提醒名单", "building the reminder list";
    RemindWriting => "写出 {0}", "writing {0}";
    RemindDone => "{2} 日内到期或应复审的证件 {0} 张（{1} 个单位），已写入 {3}：{4}",
        "{0} certificates due within {2} days ({1} employers) written to {3}: {4}";
    RemindSms => "；sms.csv 共 {0} 条短信，{1} 名持证人无可用手机号", "; sms.csv: {0} messages, {1} holders without a usable mobile number";
    // ---- revocations, keys export/import/compromise, publish ----
    RevListUnusable => "certdesk：警告：本站撤销名单不可用（{0}）；请导入当前名单",
        "certdesk: warning: the revocation list is not usable ({0}); import a current one";
    RegistryOffline => "certdesk：警告：无法连接登记系统（{0}）；以下为离线核验结果，未核对打印记录",
        "certdesk: warning: the registry cannot be reached ({0}); the answers below are offline, prints not checked";
    SignerNotActive => "签名密钥 {0} 不是信任列表中的在用密钥", "signing key {0} is not an active key of the trust list";
    SignerNotTrusted => "签名密钥 {0} 不在信任列表中", "signing key {0} is not in the trust list";
    RevExported => "撤销与暂停名单已签发（{0}，密钥 {1}）：撤销 {2}、暂停 {3}、注销 {4}；已写入 {5}",
        "revocation list issued {0} signed by key {1}: {2} revoked, {3} suspended, {4} cancelled; written to {5}";
    RevNotText => "{0} 不是 certdesk 撤销名单（不是文本）", "{0} is not a certdesk revocation list (not text)";
    Reading => "读取 {0}", "reading {0}";
    RevInstalled => "已安装 {0} 签发的撤销名单：{1} 条", "revocation list issued {0} installed: {1} entries";
    RevAlready => "本站已有该撤销名单，未作改动", "this station already has that revocation list; nothing changed";
    Refused => "certdesk：已拒绝：{0}", "certdesk: refused: {0}";
    RevKept => "保留当前名单（{0} 签发）", "the current list (issued {0}) is kept";
    RevNone => "本站没有撤销名单：有效凭条将显示 `list_too_old`；请导入一份", "no revocation list on this station: valid slips read `list_too_old`; import one";
    RevShow => "撤销名单签发于 {0}（{1} 小时前{2}），签名密钥 {3}", "revocation list issued {0} ({1} hours ago{2}), signed by key {3}";
    RevTooOld => "，已过期：请导入较新的名单", ", TOO OLD: import a newer one";
    RevCounts => "撤销 {0}、暂停 {1}、注销 {2}", "{0} revoked, {1} suspended, {2} cancelled";
    NoExportSigner => "本主目录没有可签发信任列表的签名密钥（全部缺失或已泄露）", "no signing key of this home may sign the trust list (all missing or compromised)";
    KeyCompromisedSince => "自 {0} 起泄露", "compromised since {0}";
    KeyEntry => "  {0}  {1} {2}\n        指纹 {3}", "  {0}  {1} {2}\n        fingerprint {3}";
    TrustExported => "信任列表已签发（{0}，签名 {1}），写入 {2}", "trust list issued {0} signed by {1} written to {2}";
    TrustNotText => "{0} 不是 certdesk 信任列表（不是文本）", "{0} is not a certdesk trust list (not text)";
    TrustInstalled => "信任列表已安装于 {0}：", "trust list installed at {0}:";
    TrustAlready => "本站已有该信任列表，未作改动", "this station already has that trust list; nothing changed";
    TrustOffered => "所提供的列表包含以下密钥（任何 --first 导入前，请先与局里电话核对指纹）：",
        "the offered list holds (compare the fingerprints with the bureau before any --first import):";
    TrustOfferedKey => "  {0}  指纹 {1}", "  {0}  fingerprint {1}";
    KeyCompromised => "密钥 {0} 已标记为自 {1} 起泄露：此后由其签发的凭条核验为已撤销",
        "key {0} marked compromised since {1}: slips it signed from then on verify as revoked";
    KeyCompromisedOwn => "这是本主目录的签名密钥：请立即执行 `certdesk keys new --rotate`，然后 `certdesk keys export`",
        "it is this home's signing key: run `certdesk keys new --rotate` now, then `certdesk keys export`";
    KeyCompromisedSpread => "请分发此变更：`certdesk keys export 文件`，并在各终端执行 `certdesk keys import 文件`",
        "distribute the change: `certdesk keys export FILE` and `certdesk keys import FILE` on each station";
    BadTime => "“{0}”不是形如“2026-11-20 08:00”的时间（本地时间）", "{0:?} is not a time like \"2026-11-20 08:00\" (local time)";
    PagePublished => "手机核验页已发布到 {0}，访问路径 {1}", "phone page published to {0} for the path {1}";
    PageServe => "请在该路径下提供此文件夹；未知路径返回 404.html（见 docs/phone-page.md）",
        "serve the folder at that path; answer unknown paths with 404.html (see docs/phone-page.md)";
    // ---- report, standing ----
    ReportOutExt => "--out {0}：文件名须以 .csv 或 .xlsx 结尾", "--out {0}: the file name must end in .csv or .xlsx";
    ReportWritten => "{0} {1} 至 {2}（{3}）已写入 {4}", "{0} {1} to {2} ({3}) written to {4}";
    ReportRatings => "评价 {0} 条，差评 {1} 条", "{0} ratings, {1} bad";
    ReportLoops => "回访率 {0}，整改率 {1}，差评回访率 {2}，邀评率 {3}（目标均为100%）",
        "callbacks {0}, remedies {1}, bad ratings called back {2}, 办件 asked to rate {3} (target 100% each)";
    ReportEnquiries => "首问登记：咨询 {0}，引导 {1}，转办 {2}", "enquiries: answered {0}, guided {1}, referred {2}";
    ReportDays => "{0} 天", "{0} days";
    ReportOverdue => "超期办件 {0} 件", "{0} overdue cases";
    ReportListLines => "{0} 条", "{0} lines";
    StandingUnknown => "未知的证件状态“{0}”：请用 有效、暂停、撤销、注销（active, suspended, revoked, cancelled）",
        "unknown standing {0:?}: use active, suspended, revoked or cancelled (有效, 暂停, 撤销, 注销)";
    StandingStaff => "工号“{0}”不是在职工作人员（见 certdesk staff list）", "staff number {0:?} is not an active staff member (certdesk staff list)";
    StandingRole => "工作人员 {0} 的角色是 {1}：变更证件状态须由 supervisor 或 admin 决定",
        "staff {0} is a {1}: a standing decision needs a supervisor or an admin";
    // ---- credit (失信 marks, issue 15) ----
    CreditStaff => "工号“{0}”不是在职工作人员（见 certdesk staff list）", "staff number {0:?} is not an active staff member (certdesk staff list)";
    CreditRole => "工作人员 {0} 的角色是 {1}：失信标记须由 supervisor 或 admin 录入和解除",
        "staff member {0} is {1}: 失信 marks are entered and lifted by a supervisor or admin";
    CreditSubject => "请用 --code 指定企业统一社会信用代码，或用 --person 指定个人身份证号（二选一）",
        "name the subject: --code CREDIT_CODE for an enterprise or --person ID_NUMBER for a person (one of them)";
    CreditBadDate => "日期“{0}”无效：请按 2026-12-06 填写", "date {0:?} is not valid: write it as 2026-12-06";
    CreditRefused => "未录入：{0}", "not recorded: {0}";
    CreditNoMark => "没有编号为 {0} 的失信标记（见 certdesk credit list --all）", "no 失信 mark {0} (certdesk credit list --all)";
    CreditAdded => "已录入失信标记 {0}：{1}（{2}，自{3}起；来源：{4}），已记入审计日志",
        "entered 失信 mark {0}: {1} ({2}, from {3}; source: {4}); recorded in the audit log";
    CreditLifted => "已解除失信标记 {0}，自{1}起不再适用，已记入审计日志", "lifted 失信 mark {0} from {1}; recorded in the audit log";
    CreditNone => "没有失信标记", "no 失信 marks";
    CreditSerious => "严重失信", "serious";
    CreditGeneral => "一般失信", "general";
    CreditLine => "{0}  {1}  {2}  自{3}  来源：{4}  录入：{5}", "{0}  {1}  {2}  from {3}  source: {4}  entered by {5}";
    CreditLiftedLine => "      已于{0}解除（{1}：{2}）", "      lifted from {0} ({1}: {2})";
    StandingUnchanged => "{0} 已是 {1}，未作改动", "{0} is {1} already; nothing changed";
    StandingChanged => "{0}：{1} → {2}，已记入审计日志", "{0}: {1} -> {2}, recorded in the audit log";
    StandingListWarn => "警告：本主目录的撤销名单未重新签发（{0}）；分发前请执行 `certdesk revocations export 文件`",
        "warning: the home's revocation list was not reissued ({0}); run `certdesk revocations export FILE` before distributing";
    // ---- migrate ----
    MigrateProgress => "复制数据表", "copying tables";
    MigrateToEmpty => "--to 需要 postgres:// 地址或文件名", "--to needs a postgres:// URL or a file name";
    MigrateSelf => "--to {0} 就是本主目录自己的数据库", "--to {0} is this home's own database";
    MigrateExists => "{0} 已存在；只能迁移到新文件（请换一个文件名）", "{0} exists; migrate only into a new file (choose another name)";
    MigrateNoDir => "{0} 不是文件夹", "{0} is not a directory";
    MigrateOpening => "打开本主目录的数据库", "opening this home's database";
    MigrateOpeningTarget => "打开 {0}", "opening {0}";
    MigrateSourceAudit => "{0} 的审计日志未通过核验（第 {1} 条：{2}）；请先处理（`certdesk audit verify`），未复制任何数据",
        "the audit log of {0} does not verify (entry {1}: {2}); fix that first (`certdesk audit verify`), nothing was copied";
    MigrateFailed => "迁移到 {0} 未完成（未复制任何数据）", "migrating into {0} (nothing was copied)";
    MigrateCheckpointDiffers => "警告：{0} 已存在且与 {1} 不同；目标的审计日志按后者核验。切换本主目录之前，请先移开旧文件。",
        "warning: {0} exists and differs from {1}; the target's audit log is verified against the latter. Move the old file aside before switching this home over.";
    MigrateCopyingCheckpoints => "复制审计检查点到 {0}", "copying the audit checkpoints to {0}";
    MigrateTargetAudit => "{0} 上的审计日志未通过核验（第 {1} 条：{2}）", "the audit log on {0} does not verify (entry {1}: {2})";
    MigrateCopied => "已将 {0} 复制到 {1}：", "copied {0} into {1}:";
    MigrateTableRows => "  {0} {1} 行", "  {0} {1} rows";
    MigrateRace => "{0}：复制 {1} 行，目标现有 {2} 行，源现有 {3} 行：复制期间有写入；请停止各终端后重新迁移到新的目标",
        "{0}: {1} rows copied, {2} in the target now, {3} in the source now: something wrote meanwhile; stop the terminals and migrate again into a new target";
    MigrateDone => "共 {0} 行，各表数据一致（行数与摘要）；目标上的审计日志已核验：{1} 条记录，{2} 个签名，{3} 个检查点",
        "{0} rows, every table's rows identical (counts and digests); audit log on the target verified: {1} entries, {2} signatures, {3} checkpoints";
    MigrateSwitch => "要将本主目录切换过去，请在 {0} 中设置：\n  [paths]\n  {1}", "To switch this home over, set in {0}:\n  [paths]\n  {1}";
    MigrateTables => "张表", "tables";
    // ---- calendar (issue 13 §1; also doctor's calendar check) ----
    CalBadFile => "{0}：不是有效的节假日安排文件：{1}", "{0}: not a valid calendar file: {1}";
    CalUnreadable => "无法读取{0}：{1}", "cannot read {0}: {1}";
    CalOneYearOnly => "文件中有{0}个年度，每次只能录入一个年度（一个[[year]]）", "the file holds {0} years; enter one year ([[year]]) at a time";
    CalIncomplete => "{0}年节假日安排不完整，未录入：\n{1}", "the {0} notice is incomplete, nothing entered:\n{1}";
    CalCheckOk => "{0}年节假日安排检查通过（{1}）", "the {0} notice checks out ({1})";
    CalAlready => "{0}年已录入（{1}），如需替换请加 --replace", "{0} is already in the calendar ({1}); add --replace to replace it";
    CalEntered => "已录入{0}年节假日安排（日历第{1}版）；重新计算暂定期限的在办件{2}件，其中期限变动{3}件",
        "entered the {0} notice (calendar version {1}); {2} running cases with provisional dates recomputed, {3} moved";
    CalReplaced => "已替换{0}年节假日安排（日历第{1}版）；重新计算暂定期限的在办件{2}件，其中期限变动{3}件",
        "replaced the {0} notice (calendar version {1}); {2} running cases with provisional dates recomputed, {3} moved";
    CalMoved => "  {0}  办理期限 {1} → {2}，法定期限 {3} → {4}", "  {0}  due {1} -> {2}, statutory {3} -> {4}";
    CalFollowUps => "重新计算暂定期限的差评整改{0}件，其中期限变动{1}件", "{0} bad-rating follow-ups with provisional dates recomputed, {1} moved";
    CalFollowUpMoved => "  {0}  差评整改期限 {1} → {2}", "  {0}  follow-up due {1} -> {2}";
    CalPledgeAfterDue => "  {0}  容缺承诺补正期限 {1} 晚于新的办理期限 {2}：承诺期限不变，请联系申请人在办理期限前补齐材料",
        "  {0}  the pledge is due {1}, after the new committed date {2}: the pledge stands; ask the applicant to supply the materials by the committed date";
    CalStillProvisional => "  {0}  仍为暂定（后续年度未公布）", "  {0}  still provisional (a later year is not entered)";
    CalSkipped => "以下办件或差评整改无法重新计算（事项已不在目录中、无受理日期或记录不完整），请人工核对：{0}",
        "these cases or follow-ups (整改#N) could not be recomputed (matter no longer listed, no acceptance date or an incomplete record); check them by hand: {0}";
    CalPublishedLine => "{0}  已公布  {1}  [{2}]", "{0}  published  {1}  [{2}]";
    CalProvisionalLine => "{0}  暂定  按全国年节及纪念日放假办法（2024修订）第二条的法定节假日和周末计算，无调休",
        "{0}  provisional  statutory days of the national holiday regulation (2024) art. 2 and weekends only, no make-up days";
    CalOutOfRange => "{0}年超出可计算的年份（{1}-{2}年）", "{0} is outside the years working days can be counted in ({1}-{2})";
    CalNoProvisionalCases => "没有期限为暂定的在办件", "no running case has a provisional date";
    CalProvisionalCases => "期限为暂定的在办件{0}件：{1}", "running cases with provisional dates: {0}: {1}";
    CalStoredBad => "已存储的{0}年安排有问题：{1}", "the stored {0} notice has problems: {1}";
    CalHolidays => "放假：", "holidays:";
    CalMakeup => "调休上班：", "make-up working days:";
    CalBuiltIn => "内置", "built in";
    CalStored => "第{0}版，{1}，{2}", "version {0}, {1}, {2}";
    CalDoctorOk => "已公布年度：{0}", "published years: {0}";
    CalDoctorMissing => "{0}年节假日安排未录入，相关期限为暂定；通知公布后请运行 certdesk calendar add FILE",
        "the {0} State Council holiday notice is not entered, those dates are provisional: run certdesk calendar add FILE once it is published";
    CalDoctorHomeFile => "{0} 不再读取：工作日历保存在数据库中，请用 certdesk calendar add 录入其中的年度（可先用 certdesk calendar check 检查）后删除该文件",
        "{0} is not read: the calendar lives in the database; enter its years with certdesk calendar add, then remove the file";
    // ---- case (案卷, A4 documents) ----
    CaseNone => "没有办件 {0}", "no case {0}";
    CaseKindUnknown => "未知的文书种类 {0}（可用：{1}）", "unknown document kind {0} (known: {1})";
    CaseNoStaff => "没有工号 {0}", "no staff member {0}";
    CaseHeader => "办件 {0}  {1}", "Case {0}  {1}";
    CaseMatter => "事项：{0}", "Matter: {0}";
    CaseApplicant => "申请人：{0}", "Applicant: {0}";
    CaseOpened => "收件：{0}", "Opened: {0}";
    CaseAccepted => "受理日期：{0}", "Accepted: {0}";
    CaseCommitted => "承诺办结：{0}", "Committed due: {0}";
    CaseStatutory => "法定办结：{0}", "Statutory due: {0}";
    CasePledgeDue => "容缺补齐：{0}", "Pledge due: {0}";
    CaseClosed => "办结：{0}", "Closed: {0}";
    CaseDecision => "许可决定：{0}（{1}，{2}）", "Decision: {0} ({1}, {2})";
    CaseRevoked => "已撤销：{0}（{1}）告知承诺不实，行政许可法第六十九条第二款：{2}",
        "Revoked: {0} (by {1}), false pledge, art. 69(2): {2}";
    CaseSteps => "环节（{0}）", "Steps ({0})";
    CaseDocuments => "文书（{0}）", "Documents ({0})";
    CaseDocLine => "  {0}  {1}  {2}  {3}页", "  {0}  {1}  {2}  {3} pages";
    CaseTasks => "待办（{0}）", "Tasks ({0})";
    CaseFollowUp => "整改回访", "follow-up";
    CaseCallback => "回访", "callback";
    CaseProvisional => "（暂定）", " (provisional)";
    CaseIssued => "已签发 {0} {1}（{2}页）", "Issued {0} {1} ({2} pages)";
    CasePrinted => "已送打印 {0} → {1}", "Printed {0} -> {1}";
    CasePrintFailed => "打印失败 {0}：{1}；作业已保留，排除故障后用 certdesk case reprint {0} 重打",
        "not printed {0}: {1}; the job is kept: certdesk case reprint {0} once the printer works";
    CaseExported => "案卷已导出：{0} 个文件", "case file written: {0} files";
    CaseNotJob => "不是作业编号 {0}（如 A0000012）", "not a job serial {0} (e.g. A0000012)";
    CaseReprinted => "已重打 {0}", "Reprinted {0}";
    CaseStillFailed => "仍未打印 {0}：{1}", "still not printed {0}: {1}";
    CaseNoPaperJobs => "没有未完成的 A4 文书作业。", "No unfinished A4 document jobs.";
    CasePaperJobs => "未完成的 A4 文书作业（certdesk case reprint 作业号）：", "Unfinished A4 document jobs (certdesk case reprint JOB):";
}

/// The message `m` in `lang` with its arguments filled in.
pub fn t(lang: Lang, m: M, args: &[&dyn Display]) -> String {
    fill(if lang == Lang::En { m.en() } else { m.zh() }, args)
}

/// `{0}`..`{9}` replaced by the arguments' Display, `{0:?}` by their Display in quotes.
fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (n, quoted, len) = match after.as_bytes() {
            [d @ b'0'..=b'9', b'}', ..] => ((d - b'0') as usize, false, 2),
            [d @ b'0'..=b'9', b':', b'?', b'}', ..] => ((d - b'0') as usize, true, 4),
            _ => {
                out.push('{');
                rest = after;
                continue;
            }
        };
        match args.get(n) {
            Some(a) if quoted => out.push_str(&format!("{:?}", a.to_string())),
            Some(a) => out.push_str(&a.to_string()),
            None => {
                out.push('{');
                out.push_str(&after[..len]);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// A language named on the command line or in the environment: `zh`, `zh-CN`, `zh_CN`, `cn`,
/// `en` (any case). Anything else is refused with a message in both languages.
pub fn parse_lang(s: &str) -> anyhow::Result<Lang> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "zh" | "zh-cn" | "zh-hans" | "cn" | "中文" => Ok(Lang::Zh),
        "en" | "en-us" | "en-gb" | "english" => Ok(Lang::En),
        _ => anyhow::bail!("{} / {}", t(Lang::Zh, M::BadLang, &[&s]), t(Lang::En, M::BadLang, &[&s])),
    }
}

/// The language of this call, decided once at start: `flag` (`--lang`, which clap also fills
/// from `$CERTDESK_LANG`), else `ui.language` of the home's certdesk.toml, else Chinese. A
/// certdesk.toml that does not load leaves the default: the command itself reports it.
pub fn resolve(flag: Option<&str>, home: &Path) -> anyhow::Result<Lang> {
    if let Some(f) = flag.filter(|f| !f.trim().is_empty()) {
        return parse_lang(f);
    }
    Ok(crate::config::Config::load(home).map(|c| c.ui.language).unwrap_or_default())
}

/// An error as the operator reads it: the failures the command line knows by type in `lang`,
/// any other as [`error_line`].
pub fn error_message(lang: Lang, e: &anyhow::Error) -> String {
    if crate::store::is_disk_full(e.as_ref()) {
        return t(lang, M::DiskFull, &[]);
    }
    if let Some(n) = e.downcast_ref::<crate::home::NoDatabase>() {
        return t(lang, M::NoDatabase, &[&n.path.display(), &n.home.display()]);
    }
    if let Some(i) = e.downcast_ref::<crate::import::ImportError>() {
        return import_error(lang, i);
    }
    error_line(e)
}

/// An error chain as one line, each message once: a cause whose text its context already
/// says (rusqlite repeats its own message as its source; SQLite's "Error code 14" under it)
/// is left out. `{e:#}` would print "unable to open database file: X: unable to open database
/// file: X: Error code 14: …".
pub fn error_line(e: &anyhow::Error) -> String {
    error_text(e.as_ref())
}

/// [`error_line`] for any error with its sources.
pub fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut line = String::new();
    let mut next = Some(e);
    while let Some(cause) = next {
        next = cause.source();
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        // SQLite's bare result code under rusqlite's own message says nothing more.
        if !line.is_empty() && text.starts_with("Error code ") {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = (0..10)
            .flat_map(|n| [format!("{{{n}}}"), format!("{{{n}:?}}")])
            .filter(|p| s.contains(p.as_str()))
            .map(|p| p[1..2].to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn both_languages_take_the_same_arguments() {
        for m in M::ALL {
            assert_eq!(placeholders(m.zh()), placeholders(m.en()), "{m:?}");
            assert!(!m.zh().is_empty() && !m.en().is_empty(), "{m:?}");
        }
    }

    #[test]
    fn chinese_lines_are_chinese() {
        // Staff read Chinese first: every Chinese template holds a CJK character (or is an
        // error prefix / a format of numbers the two languages share).
        for m in M::ALL {
            let zh = m.zh();
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{m:?}: {zh}");
        }
    }

    #[test]
    fn arguments_fill_in_their_places() {
        assert_eq!(t(Lang::Zh, M::BackupDone, &[&"/b/x.db"]), "备份已写入 /b/x.db");
        assert_eq!(t(Lang::En, M::BackupDone, &[&"/b/x.db"]), "backup written to /b/x.db");
        assert_eq!(t(Lang::En, M::RoleUnknown, &[&"boss"]), "role \"boss\" is unknown; use staff, supervisor or admin");
        // An argument used twice, and a brace that is not a placeholder, stay as they are.
        assert_eq!(fill("{0}-{0} {x} {1}", &[&7]), "7-7 {x} {1}");
    }

    #[test]
    fn language_names() {
        for s in ["zh", "ZH", "zh-CN", "zh_CN", "cn"] {
            assert_eq!(parse_lang(s).unwrap(), Lang::Zh, "{s}");
        }
        for s in ["en", "EN", "en-US"] {
            assert_eq!(parse_lang(s).unwrap(), Lang::En, "{s}");
        }
        for garbage in ["fr", "", "zh-TW-x", "\u{0}", "english please"] {
            let e = parse_lang(garbage).unwrap_err().to_string();
            assert!(e.contains("zh 或 en") && e.contains("use zh or en"), "{garbage:?}: {e}");
        }
    }

    #[test]
    fn resolve_prefers_the_flag_then_the_setting_then_chinese() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(resolve(None, d.path()).unwrap(), Lang::Zh, "no certdesk.toml: Chinese");
        std::fs::write(d.path().join("certdesk.toml"), "[ui]\nlanguage = \"en\"\n").unwrap();
        assert_eq!(resolve(None, d.path()).unwrap(), Lang::En, "the setting");
        assert_eq!(resolve(Some("zh"), d.path()).unwrap(), Lang::Zh, "the flag wins");
        assert!(resolve(Some("xx"), d.path()).is_err());
        std::fs::write(d.path().join("certdesk.toml"), "[ui]\nlanguage = 3\n").unwrap();
        assert_eq!(resolve(None, d.path()).unwrap(), Lang::Zh, "a broken file: the default");
    }

    #[test]
    fn error_lines_say_each_thing_once() {
        let e = rusqlite::Connection::open("/nonexistent-dir-certdesk/x.db").unwrap_err();
        let e = anyhow::Error::new(crate::store::StoreError::from(e));
        let line = error_line(&e);
        assert_eq!(line.matches("unable to open database file").count(), 1, "{line}");
        assert!(!line.contains("Error code"), "{line}");
    }
}

/// An import's refusal in the operator's language: one line naming the file and what to do.
pub fn import_error(lang: Lang, e: &crate::import::ImportError) -> String {
    use crate::import::ImportError as E;
    match e {
        E::Io { path, source } => t(lang, M::ImportCannotRead, &[path, source]),
        E::Empty { path } => t(lang, M::ImportEmpty, &[path]),
        E::NotRoster { path, why } => t(lang, M::ImportNotRoster, &[path, why]),
        E::MissingColumns { path, missing, found } => {
            let n = missing.split(", ").count();
            let found = if found.is_empty() { t(lang, M::NoneFound, &[]) } else { found.clone() };
            t(lang, M::ImportMissingColumns, &[path, missing, &n, &found])
        }
        E::Xlsx { path, why } => t(lang, M::ImportXlsx, &[path, why]),
        E::TooLarge { path, why } => t(lang, M::ImportTooLarge, &[path, why]),
        E::Crashed { path } => t(lang, M::ImportCrashed, &[path]),
        E::Unsupported { path } => t(lang, M::ImportUnsupported, &[path]),
        E::Store(e) if crate::store::is_disk_full(e) => t(lang, M::DiskFull, &[]),
        E::Store(e) => error_text(e),
    }
}
