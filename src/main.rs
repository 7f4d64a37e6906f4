//! The `certdesk` command line. Each subcommand is a thin shell over the library; see
//! `certdesk help <command>` for what it does and an example.

use anyhow::Result;
use certdesk::cli_actor::{ANY_STAFF, MANAGERS};
use certdesk::cli_strings::{self, Lang};
use certdesk::{cli, cli_calendar, cli_credit, cli_migrate, cli_report, cli_verifier};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "certdesk",
    version,
    about = "Lobby kiosk, front desk and verifier for safety certificates (证书自助查询打印)",
    long_about = "certdesk runs the certificate self-service kiosk of an emergency-management bureau, \
prints signed certificate slips on ESC/POS receipt printers, and verifies their QR codes offline.\n\n\
Try it with no hardware:  certdesk demo"
)]
struct Cli {
    /// The certdesk home directory (certdesk.toml, database, keys). Default: $CERTDESK_HOME or `.`
    #[arg(long, global = true, env = "CERTDESK_HOME", default_value = ".")]
    home: PathBuf,
    /// Language of the command's messages and errors: zh (中文, the default) or en. Default:
    /// $CERTDESK_LANG, else ui.language in certdesk.toml. 命令输出语言：zh 或 en
    #[arg(long, global = true, env = "CERTDESK_LANG", value_name = "zh|en")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a home: documented certdesk.toml, database, signing key, trust list, spool.
    ///
    /// With --verify-url the slips' QR codes carry the bureau's verification address, so a
    /// phone camera opens the page `certdesk publish` writes; without it, init asks on a terminal.
    /// Example: certdesk --home /var/lib/certdesk init --verify-url https://v.example.gov.cn/
    Init {
        /// The bureau's verification address (https://…/), where `certdesk publish` output is served.
        #[arg(long)]
        verify_url: Option<String>,
    },
    /// Import a roster exported by the provincial system (CSV in UTF-8 or GB18030, or XLSX).
    ///
    /// Good rows are imported in one transaction, re-imports update by certificate number, and
    /// every bad row is reported with its row number, column and reason.
    /// Example: certdesk import 2026-11-roster.xlsx
    Import { file: PathBuf },
    /// Signing keys and the trust list.
    #[command(subcommand)]
    Keys(KeysCmd),
    /// Print a certificate's slip (staff use; no daily limit).
    ///
    /// Example: certdesk print T11010519491231002X --target tcp://192.0.2.10:9100
    Print {
        /// Certificate number (证号)
        number: String,
        /// 操作项目 (or 作业类别), when several 特种作业操作证 share the number
        #[arg(long)]
        item: Option<String>,
        /// Printer target, overriding printer.target in certdesk.toml
        #[arg(long)]
        target: Option<String>,
    },
    /// Verify slip QR payloads offline: one argument, or one per line on stdin; one JSON line each.
    ///
    /// Stdin is verified on every core; answers come in input order, exactly one per input line
    /// (blank or non-UTF-8 lines answer `malformed`). Each answer says how old the revocation list
    /// is; past verifier.max_list_age_days an otherwise valid slip reads `list_too_old`.
    /// Exit status with one argument: 0 when the slip is valid (or review due), 1 otherwise.
    /// Example: certdesk verify 'CD1:...'     or     scanner-dump | certdesk verify
    Verify { payload: Option<String> },
    /// The append-only audit log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Online backup of the database to a file (safe while kiosks run).
    ///
    /// Example: certdesk backup /mnt/backup/certdesk-$(date +%F).db
    Backup { dest: PathBuf },
    /// Copy this home's database into a new PostgreSQL database or SQLite file (and back).
    ///
    /// Every table with its ids, the id counters and the audit chain are copied and checked
    /// (row counts, row digests, `audit verify` on the target) before anything is committed;
    /// the target must be new and empty. Stop the terminals first; afterwards point
    /// paths.database in certdesk.toml at the target (the command prints the line).
    /// Example: certdesk migrate --to postgres://certdesk@db.hall.local:5432/certdesk
    Migrate {
        /// A postgres:// URL (an empty database or schema) or a new SQLite file name
        #[arg(long)]
        to: String,
    },
    /// A hall's PostgreSQL server: database roles per kind of terminal.
    #[command(subcommand)]
    Hall(HallCmd),
    /// Staff accounts (PINs are stored as argon2 hashes).
    #[command(subcommand)]
    Staff(StaffCmd),
    /// Print jobs that did not finish (printer fault, crash) and reprinting them.
    #[command(subcommand)]
    Jobs(JobsCmd),
    /// The signed revocation list: export it at the bureau, import it on stations.
    #[command(subcommand)]
    Revocations(RevocationsCmd),
    /// A certificate's standing by bureau decision (暂停, 撤销, 注销), without a roster import.
    #[command(subcommand)]
    Standing(StandingCmd),
    /// The working-day calendar (节假日安排) of this home or hall, kept in its database.
    ///
    /// Time limits count working days (行政许可法 art. 82). Years whose State Council notice is
    /// entered count its holidays and make-up days; any other year is counted provisionally
    /// (暂定: weekends and the statutory days of the 放假办法 (2024修订) art. 2, from the lunar
    /// calendar) and its dates are marked 暂定 until the notice is entered.
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// 失信 marks on an enterprise or a person: entered and lifted by a supervisor, with source;
    /// 容缺受理 is refused while the applicant is marked.
    #[command(subcommand)]
    Credit(CreditCmd),
    /// The case file (案卷) and its A4 documents: show, issue, export, reprint.
    #[command(subcommand)]
    Case(certdesk::cli_case::CaseCmd),
    /// A holder's certificates with status, next step and print history (staff lookup).
    ///
    /// Example: certdesk holder 11010519491231002X --json
    Holder {
        /// Resident ID number (身份证号)
        id: String,
        /// One JSON object instead of text
        #[arg(long)]
        json: bool,
    },
    /// Full database check (PRAGMA integrity_check, reads every page). Other commands only do a
    /// cheap check when they open the database.
    ///
    /// Example: certdesk check
    Check,
    /// Write the phone verification page with its trust list and a fresh signed revocation list.
    ///
    /// Serve DIR at the path of seal.url_prefix (or --base), answering unknown paths with
    /// 404.html, so that a phone camera opening a slip's QR URL gets the page, which checks the
    /// slip in the browser. Example: certdesk publish /srv/www/v
    Publish {
        out: PathBuf,
        /// URL path the folder is served at (default: the path of seal.url_prefix, else /)
        #[arg(long)]
        base: Option<String>,
        #[command(flatten)]
        who: Acting,
    },
    /// Reminder lists: certificates whose review or expiry falls within N days, grouped by
    /// employer with holder phones (reminders.csv, and reminders.xlsx on request) and an
    /// SMS-ready sms.csv.
    ///
    /// Example: certdesk remind --days 90 --out reminders-2026-11 --format csv,sms,xlsx
    Remind {
        /// Days ahead (default: the larger of reminders.review_days and reminders.expiry_days)
        #[arg(long)]
        days: Option<i64>,
        /// Output folder (default: reminders-<today>)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Files to write, comma-separated: csv (reminders.csv), sms (sms.csv), xlsx
        /// (reminders.xlsx, grouped by employer), or all. Default: csv,sms
        #[arg(long, value_name = "csv,sms,xlsx")]
        format: Option<String>,
    },
    /// Reports: ratings (好差评 by day, matter and staff, bad ratings with their follow-up),
    /// daily (prints, intakes, notices, 容缺, verifier verdicts per day, with the 容缺 stops a
    /// supervisor let through), overdue (running cases past their due date, in working days,
    /// as of --to), overrides (the 容缺 stops let through, on their own) or enquiries (咨询、
    /// 引导、转办 logged under 首问负责制, line by line).
    ///
    /// CSV on stdout, or --out FILE.csv / FILE.xlsx (with charts). Period: --from/--to
    /// (YYYY-MM-DD, at most 366 days; default the 30 days up to today).
    /// Example: certdesk report ratings --from 2026-11-01 --to 2026-11-30 --out ratings.xlsx
    Report {
        /// ratings, daily, overdue, overrides or enquiries
        kind: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run the full-screen kiosk (the boot default on kiosk hardware).
    Kiosk,
    /// Run the verifier station: scan a slip's QR code, see its verdict full screen.
    Verifier,
    /// Run the front desk (staff login, queue, cases, one-time notices, 容缺受理).
    ///
    /// Example: certdesk desk --counter 3
    Desk {
        /// This desk's counter number (for calling tickets)
        #[arg(long, default_value_t = 1)]
        counter: u32,
    },
    /// Check this station: config, database, keys and permissions, trust list, printer, fonts,
    /// free disk, clock. Exit status 1 when anything failed.
    ///
    /// Example: certdesk --home /var/lib/certdesk doctor
    Doctor {
        /// Do not contact the printer (e.g. while installing without hardware)
        #[arg(long)]
        no_printer: bool,
    },
    /// Run the rating screen (好差评) on the customer-facing monitor of a counter: it shows the
    /// five levels when the desk at that counter asks for a rating. F12 ends it (staff only);
    /// Ctrl-C is ignored. Settings: [rating] poll_ms, thanks_secs in certdesk.toml.
    ///
    /// Example: certdesk rate --counter 3
    Rate {
        /// The counter number whose desk asks for the ratings
        #[arg(long)]
        counter: u32,
    },
    /// Run the hall's call display (叫号屏) on the monitor over the hall: the ticket just called
    /// and its counter in large figures, the last calls, how many wait; every counter on this
    /// home's database (a hall's PostgreSQL: all of them) shows here. F12 ends it (staff only);
    /// Ctrl-C is ignored. It polls every [rating] poll_ms of certdesk.toml.
    ///
    /// Example: certdesk display
    Display,
    /// A self-contained demo: demo home with a synthetic roster, demo keys and a file printer,
    /// then the kiosk. Needs no hardware.
    ///
    /// Example: cargo run --release -- demo
    Demo {
        /// Where to create the demo home
        #[arg(long, default_value = "demo-home")]
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum KeysCmd {
    /// Create a new signing key (mode 0600) and add it to the trust list as active.
    ///
    /// An existing key is kept unless --rotate: then it is retired (still verifies old slips).
    /// Example: certdesk keys new --rotate --label "2027 key"
    New {
        #[arg(long, default_value = "signing key")]
        label: String,
        #[arg(long)]
        rotate: bool,
        #[command(flatten)]
        who: Acting,
    },
    /// List the trust list.
    List,
    /// Retire a key: it verifies old slips but signs no new ones. Example: certdesk keys retire 3fa2
    Retire {
        key_id: String,
        #[command(flatten)]
        who: Acting,
    },
    /// Write the trust list, dated and signed, for verifier stations and the phone page.
    ///
    /// Signed by this home's key and by retired keys kept beside it, so stations that know only
    /// an older key accept the hand-over. Example: certdesk keys export trust-2026-11.toml
    Export {
        out: PathBuf,
        #[command(flatten)]
        who: Acting,
    },
    /// Install a trust list exported by the bureau. Refused unless signed by a key this station
    /// trusts (not compromised) and not older than the current one; the current list is kept.
    ///
    /// A new station (or one that must re-anchor) uses --first after comparing the printed
    /// fingerprints with the bureau by phone. Example: certdesk keys import trust-2026-11.toml
    Import {
        file: PathBuf,
        /// Trust this list without a signature by a key already trusted (first installation)
        #[arg(long)]
        first: bool,
        #[command(flatten)]
        who: Acting,
    },
    /// Mark a key compromised: slips it signed at or after SINCE (local time) verify as revoked,
    /// older slips keep verifying. Example: certdesk keys compromise 3fa2 --since "2026-11-20 08:00"
    Compromise {
        key_id: String,
        #[arg(long)]
        since: String,
        #[command(flatten)]
        who: Acting,
    },
}

#[derive(Subcommand)]
enum RevocationsCmd {
    /// Write the revocation list: every suspended (暂停), revoked (撤销) and cancelled (注销)
    /// certificate's handle with its reason, dated and signed by this home's key. The home's own
    /// list is updated too. Example: certdesk revocations export /srv/www/v/revocations.txt
    Export { out: PathBuf },
    /// Install a revocation list on this station. Refused (and the current list kept) when the
    /// signature does not check out or the list is older than the current one.
    ///
    /// Example: certdesk revocations import revocations.txt
    Import { file: PathBuf },
    /// Show the station's list: date, age, counts. Exit 1 when missing or too old.
    Show,
}

#[derive(Subcommand)]
enum StandingCmd {
    /// Set one certificate's standing: suspended (暂停), revoked (撤销, 30号令 art. 30),
    /// cancelled (注销, art. 31), or active (有效) to lift a suspension. 撤销 and 注销 are final.
    ///
    /// Audited with the reason and the deciding supervisor; the home's revocation list is
    /// reissued (distribute it with `revocations export FILE`). A later roster import that
    /// still says 有效 sets it back: record the decision in the provincial system too.
    /// Example: certdesk standing set T11010519491231002X --item 低压电工作业 revoked --reason "30号令第三十条：以欺骗手段取得" --staff 0007
    Set {
        /// Certificate number (证号)
        number: String,
        /// active, suspended, revoked or cancelled (有效, 暂停, 撤销, 注销)
        standing: String,
        /// 操作项目 (or 作业类别), when several 特种作业操作证 share the number
        #[arg(long)]
        item: Option<String>,
        /// The decision and its basis (kept in the audit log)
        #[arg(long)]
        reason: String,
        /// Staff number of the supervisor or admin who decided
        #[arg(long)]
        staff: String,
        /// Read the staff member's PIN from stdin (one line) instead of a terminal prompt
        #[arg(long)]
        pin_stdin: bool,
    },
}

#[derive(Subcommand)]
enum CalendarCmd {
    /// Enter one year's State Council holiday notice (a file with one [[year]] table, as
    /// assets/calendar.toml: year, source, holidays, workdays).
    ///
    /// Checked first: all seven festivals' statutory days among the holidays, make-up days on
    /// weekends and not holidays, the notice named (source). Every running case with provisional
    /// dates is then recomputed; moved dates are audited and shown on the case.
    /// Example: certdesk calendar add 2027.toml
    Add {
        file: PathBuf,
        /// Replace a year already entered (or built in)
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        who: Acting,
    },
    /// The published and provisional years, or one year's holidays and make-up days.
    ///
    /// Example: certdesk calendar show 2027
    Show { year: Option<i32> },
    /// Check a calendar file without entering it; without FILE, check what is stored and list
    /// the published years, the provisional ones and the cases with provisional dates.
    ///
    /// Example: certdesk calendar check 2027.toml
    Check { file: Option<PathBuf> },
}

#[derive(clap::Args)]
struct CreditWho {
    /// The enterprise's unified social credit code (统一社会信用代码)
    #[arg(long, conflicts_with = "person")]
    code: Option<String>,
    /// The person's resident ID number (身份证号; kept as a keyed hash, shown masked)
    #[arg(long)]
    person: Option<String>,
    /// Keep a credit code whose check character fails (real codes in the wild do)
    #[arg(long)]
    confirm_code: bool,
}

impl CreditWho {
    fn args(self) -> cli_credit::SubjectArgs {
        cli_credit::SubjectArgs { code: self.code, person: self.person, confirm_code: self.confirm_code }
    }
}

#[derive(Subcommand)]
enum CreditCmd {
    /// Enter a 失信 mark (一般失信, or 严重失信 with --serious) with its source.
    ///
    /// Example: certdesk credit add --code 91350100M000100Y43 --source "信用中国 2026-118" --staff 0007
    Add {
        #[command(flatten)]
        who: CreditWho,
        /// Where the record comes from (信用中国, a decision's number, a false 告知承诺 on a case)
        #[arg(long)]
        source: String,
        /// 严重失信 (default: 一般失信)
        #[arg(long)]
        serious: bool,
        /// The first day the mark holds (YYYY-MM-DD; default today)
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// The supervisor entering it (staff number; their PIN is asked for)
        #[arg(long)]
        staff: String,
        /// Read the supervisor's PIN from stdin (one line)
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Lift a mark (信用修复, or its term ended) from a day on, with the reason.
    ///
    /// Example: certdesk credit lift 3 --reason "信用修复审核通过" --staff 0007
    Lift {
        mark: i64,
        #[arg(long)]
        reason: String,
        /// The first day the mark no longer holds (YYYY-MM-DD; default today)
        #[arg(long)]
        on: Option<String>,
        /// The supervisor lifting it (staff number; their PIN is asked for)
        #[arg(long)]
        staff: String,
        /// Read the supervisor's PIN from stdin (one line)
        #[arg(long)]
        pin_stdin: bool,
    },
    /// The marks in force (with --all, lifted ones too), newest first; people shown masked.
    ///
    /// Example: certdesk credit list --person 11010519491231002X
    List {
        #[command(flatten)]
        who: CreditWho,
        #[arg(long)]
        all: bool,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Check the chain, every entry's signature, the checkpoints and the append-only triggers;
    /// reports the first broken entry. Example: certdesk audit verify
    Verify,
    /// Anchor the log's current length in the checkpoint file beside the database (signed).
    ///
    /// Also taken automatically by the kiosk and after commands that write the log; print the
    /// line shown here on the daily report. Example: certdesk audit checkpoint
    Checkpoint,
    /// Show the last entries. Example: certdesk audit tail -n 20
    Tail {
        #[arg(short = 'n', default_value_t = 20)]
        n: usize,
    },
}

/// Who acts (issue 17 §9): the staff member's number, their PIN asked for on the terminal or
/// read from stdin. Not needed while the home has no active supervisor or admin (installing).
#[derive(clap::Args, Debug, Clone)]
struct Acting {
    /// The acting staff member's number (their PIN is asked for)
    #[arg(long)]
    staff: Option<String>,
    /// Read the acting staff member's PIN from stdin (one line, before any other input)
    #[arg(long)]
    pin_stdin: bool,
}

impl Acting {
    fn who(
        &self,
        home: &std::path::Path,
        command: &str,
        roles: &[certdesk::store::Role],
        lang: cli_strings::Lang,
    ) -> anyhow::Result<String> {
        let h = certdesk::home::Home::open(home)?;
        certdesk::cli_actor::acting(&h, self.staff.as_deref(), self.pin_stdin, command, roles, lang)
    }
}

#[derive(Subcommand)]
enum HallCmd {
    /// Print the SQL giving the kiosk, verifier, desk and admin terminals each its own
    /// database role with only the rights its work needs (audit rows: insert only); with
    /// --apply run it, connected as the schema's owner.
    ///
    /// Example: certdesk hall grants --prefix certdesk_ > grants.sql
    Grants {
        /// Role names are PREFIX + kiosk, verifier, desk, admin
        #[arg(long, default_value = "certdesk_")]
        prefix: String,
        /// Apply the grants on the home's database (connected as the schema's owner)
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Subcommand)]
enum StaffCmd {
    /// Add a staff member; the PIN (4-12 digits) is read from the terminal or stdin.
    ///
    /// Example: certdesk staff add 0007 --name 李娜 --role supervisor
    Add {
        staff_id: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "staff")]
        role: String,
        #[command(flatten)]
        who: Acting,
    },
    /// List staff members.
    List,
    /// Lift the PIN lock of a staff member (after too many wrong PINs). Audited.
    ///
    /// Example: certdesk staff unlock 0007
    Unlock {
        staff_id: String,
        #[command(flatten)]
        who: Acting,
    },
    /// Disable a staff member (left the section): the PIN no longer signs in; cases and audit
    /// entries keep the staff number. Audited.
    ///
    /// Example: certdesk staff disable 0007
    Disable {
        staff_id: String,
        #[command(flatten)]
        who: Acting,
    },
    /// Enable a disabled staff member again. Audited.
    ///
    /// Example: certdesk staff enable 0007
    Enable {
        staff_id: String,
        #[command(flatten)]
        who: Acting,
    },
    /// Set a new PIN (4-12 digits, read from the terminal or stdin) for a staff member who forgot
    /// theirs; also lifts a PIN lock. Audited (never the PIN).
    ///
    /// Example: certdesk staff reset-pin 0007
    ResetPin {
        staff_id: String,
        #[command(flatten)]
        who: Acting,
    },
}

#[derive(Subcommand)]
enum JobsCmd {
    /// List stuck print jobs (pending or failed, not resolved). Example: certdesk jobs list
    List,
    /// Send a stuck job's exact recorded slip again; resolves it. Audited.
    ///
    /// Example: certdesk jobs reprint 42
    Reprint {
        serial: u64,
        #[arg(long)]
        target: Option<String>,
        #[command(flatten)]
        who: Acting,
    },
    /// Write off a stuck job (it no longer counts against the daily limit). Audited.
    ///
    /// The staff member who decides gives their PIN (prompt, or --pin-stdin).
    ///
    /// Example: certdesk jobs void 42 --reason "holder confirmed the slip came out" --staff 0007
    Void {
        serial: u64,
        #[arg(long)]
        reason: String,
        /// The deciding staff member's number (their PIN is asked for)
        #[arg(long)]
        staff: String,
        /// Read the PIN from stdin (one line) instead of a terminal prompt
        #[arg(long)]
        pin_stdin: bool,
    },
}

fn main() {
    let cli = Cli::parse();
    // A CERTDESK_CLOCK (test/training clock) is read here, once: a value that does not parse
    // stops every command before it does anything, not only those that read the date.
    let _ = certdesk::clock::now();
    // The language is decided once, here, and handed to the command.
    let lang = match cli_strings::resolve(cli.lang.as_deref(), &cli.home) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("certdesk: {e}");
            std::process::exit(2);
        }
    };
    let code = match run(cli, lang) {
        Ok(code) => code,
        Err(e) => {
            // Each thing once: see `cli_strings::error_line`.
            eprintln!(
                "{}{}",
                cli_strings::t(lang, cli_strings::M::ErrorPrefix, &[]),
                cli_strings::error_message(lang, &e)
            );
            2
        }
    };
    std::process::exit(code);
}

fn run(cli: Cli, lang: Lang) -> Result<i32> {
    let home = cli.home;
    match cli.command {
        Command::Init { verify_url } => cli::init(&home, verify_url.as_deref(), lang),
        Command::Import { file } => cli::import(&home, &file, lang),
        Command::Keys(KeysCmd::New { label, rotate, who }) => {
            who.who(&home, "keys new", MANAGERS, lang).and_then(|a| cli::keys_new(&home, &label, rotate, &a, lang))
        }
        Command::Keys(KeysCmd::List) => cli::keys_list(&home, lang),
        Command::Keys(KeysCmd::Retire { key_id, who }) => {
            who.who(&home, "keys retire", MANAGERS, lang).and_then(|a| cli::keys_retire(&home, &key_id, &a, lang))
        }
        Command::Keys(KeysCmd::Export { out, who }) => {
            who.who(&home, "keys export", MANAGERS, lang).and_then(|a| cli_verifier::keys_export(&home, &out, &a, lang))
        }
        Command::Keys(KeysCmd::Import { file, first, who }) => who
            .who(&home, "keys import", MANAGERS, lang)
            .and_then(|a| cli_verifier::keys_import(&home, &file, first, &a, lang)),
        Command::Keys(KeysCmd::Compromise { key_id, since, who }) => who
            .who(&home, "keys compromise", MANAGERS, lang)
            .and_then(|a| cli_verifier::keys_compromise(&home, &key_id, &since, &a, lang)),
        Command::Print { number, item, target } => cli::print(&home, &number, item.as_deref(), target, lang),
        Command::Verify { payload } => cli_verifier::verify(&home, payload, lang),
        Command::Audit(AuditCmd::Verify) => cli::audit_verify(&home, lang),
        Command::Audit(AuditCmd::Checkpoint) => cli::audit_checkpoint(&home, lang),
        Command::Audit(AuditCmd::Tail { n }) => cli::audit_tail(&home, n, lang),
        Command::Backup { dest } => cli::backup(&home, &dest, lang),
        Command::Migrate { to } => cli_migrate::migrate(&home, &to, lang),
        Command::Staff(StaffCmd::Add { staff_id, name, role, who }) => who
            .who(&home, "staff add", MANAGERS, lang)
            .and_then(|a| cli::staff_add(&home, &staff_id, &name, &role, &a, lang)),
        Command::Hall(HallCmd::Grants { prefix, apply }) => certdesk::cli_hall::grants(&home, &prefix, apply, lang),
        Command::Staff(StaffCmd::List) => cli::staff_list(&home, lang),
        Command::Staff(StaffCmd::Unlock { staff_id, who }) => {
            who.who(&home, "staff unlock", MANAGERS, lang).and_then(|a| cli::staff_unlock(&home, &staff_id, &a, lang))
        }
        Command::Staff(StaffCmd::Disable { staff_id, who }) => who
            .who(&home, "staff disable", MANAGERS, lang)
            .and_then(|a| cli::staff_set_active(&home, &staff_id, false, &a, lang)),
        Command::Staff(StaffCmd::Enable { staff_id, who }) => who
            .who(&home, "staff enable", MANAGERS, lang)
            .and_then(|a| cli::staff_set_active(&home, &staff_id, true, &a, lang)),
        Command::Staff(StaffCmd::ResetPin { staff_id, who }) => who
            .who(&home, "staff reset-pin", MANAGERS, lang)
            .and_then(|a| cli::staff_reset_pin(&home, &staff_id, &a, lang)),
        Command::Jobs(JobsCmd::List) => cli::jobs_list(&home, lang),
        Command::Case(cmd) => certdesk::cli_case::run(&home, cmd, lang),
        Command::Jobs(JobsCmd::Reprint { serial, target, who }) => who
            .who(&home, "jobs reprint", ANY_STAFF, lang)
            .and_then(|a| cli::jobs_reprint(&home, serial, target, &a, lang)),
        Command::Revocations(RevocationsCmd::Export { out }) => cli_verifier::revocations_export(&home, &out, lang),
        Command::Revocations(RevocationsCmd::Import { file }) => cli_verifier::revocations_import(&home, &file, lang),
        Command::Revocations(RevocationsCmd::Show) => cli_verifier::revocations_show(&home, lang),
        Command::Standing(StandingCmd::Set { number, standing, item, reason, staff, pin_stdin }) => {
            cli_report::standing_set(&home, &number, item.as_deref(), &standing, &reason, &staff, pin_stdin, lang)
        }
        Command::Calendar(CalendarCmd::Add { file, replace, who }) => who
            .who(&home, "calendar add", MANAGERS, lang)
            .and_then(|a| cli_calendar::add(&home, &file, replace, &a, lang)),
        Command::Calendar(CalendarCmd::Show { year }) => cli_calendar::show(&home, year, lang),
        Command::Calendar(CalendarCmd::Check { file }) => cli_calendar::check(&home, file.as_deref(), lang),
        // A mark excludes an applicant from 容缺受理: the supervisor proves who they are (issue 17 §9).
        Command::Credit(CreditCmd::Add { who, source, serious, since, note, staff, pin_stdin }) => {
            Acting { staff: Some(staff), pin_stdin }
                .who(&home, "credit add", MANAGERS, lang)
                .and_then(|a| cli_credit::add(&home, &who.args(), serious, since.as_deref(), &source, &note, &a, lang))
        }
        Command::Credit(CreditCmd::Lift { mark, reason, on, staff, pin_stdin }) => {
            Acting { staff: Some(staff), pin_stdin }
                .who(&home, "credit lift", MANAGERS, lang)
                .and_then(|a| cli_credit::lift(&home, mark, on.as_deref(), &reason, &a, lang))
        }
        Command::Credit(CreditCmd::List { who, all }) => cli_credit::list(&home, &who.args(), all, lang),
        Command::Holder { id, json } => cli::holder(&home, &id, json),
        Command::Check => cli::check(&home, lang),
        Command::Jobs(JobsCmd::Void { serial, reason, staff, pin_stdin }) => {
            cli::jobs_void(&home, serial, &reason, &staff, pin_stdin, lang)
        }
        Command::Publish { out, base, who } => {
            who.who(&home, "publish", MANAGERS, lang).and_then(|a| cli_verifier::publish(&home, &out, base, &a, lang))
        }
        Command::Remind { days, out, format } => cli_verifier::remind(&home, days, out, format.as_deref(), lang),
        Command::Report { kind, from, to, out } => {
            cli_report::report(&home, &kind, from.as_deref(), to.as_deref(), out, lang)
        }
        Command::Kiosk => cli::kiosk(&home, None),
        Command::Verifier => certdesk::station::verifier(&home),
        Command::Desk { counter } => cli::desk(&home, counter),
        Command::Doctor { no_printer } => cli::doctor(&home, !no_printer, lang),
        Command::Rate { counter } => cli::rate(&home, counter),
        Command::Display => cli::display(&home),
        Command::Demo { dir } => {
            let dir = if cli_home_given() { home } else { dir };
            cli::demo(&dir, lang)
        }
    }
    .or_else(|e| {
        // `certdesk verify < big | head` closes the pipe early: that is not an error. Output
        // errors reach here as `io::Error`s (cli.rs never uses `println!`); this is the one
        // place they are handled.
        let broken_pipe = e
            .chain()
            .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe));
        if broken_pipe {
            Ok(0)
        } else {
            Err(e)
        }
    })
}

fn cli_home_given() -> bool {
    std::env::args().any(|a| a == "--home" || a.starts_with("--home="))
}
