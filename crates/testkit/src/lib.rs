//! Shared test kit: sample holders and certificates, a home on a temporary directory, driving a
//! mode through the same event path a person's keys take, rendering a mode to a string, the
//! desk's sign-in and screen checks, PostgreSQL for tests (`pg`). Used by the integration tests,
//! benches and examples; not part of the product's API. What needs the built binary (its path is
//! known to integration tests only) is in `tests/support`, on top of this kit.

pub mod desk_keys;
pub mod fixture;
pub mod pg;
pub mod pty;
pub mod script;
pub mod service_desk;

/// The one poll-until-deadline of the tests: call `check` every 10 ms until it gives a value or
/// `timeout` has passed (then `None`; the caller says what it waited for and shows the state).
/// Checks run at least once, so a zero timeout still looks.
pub fn poll_until<T>(timeout: std::time::Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let end = std::time::Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if std::time::Instant::now() >= end {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

// The product, under the names the kit has always used.
use certdesk::{app, clock, config, domain, home, service, settings, station, store};

use crate::app::kiosk::{CertView, Identity, Kiosk, KioskSettings, Reminder, ReminderKind};
use crate::app::runtime::{ModeFactory, Runtime};
use crate::app::{Action, Mode, Target};
use crate::clock::Clock;
use crate::config::Lang;
use crate::domain::{CertKind, Certificate, Gender, Holder, Invalid, NextStep, Standing, Status};
use crate::home::Home;
use crate::service::Live;
use crate::settings::Settings;
use crate::station::Station;
use crate::store::{OpenCheck, Store};
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::{backend::TestBackend, layout::Rect, Terminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The sample holder's ID number (the GB 11643 example) and the last four digits of their mobile.
pub const ID: &str = "11010519491231002X";
pub const FACTOR: &str = "8000";
pub const NAME: &str = "王秀英";
pub const BUREAU: &str = "示范市应急管理局";
/// A supervisor on every test home.
pub const STAFF: (&str, &str) = ("0001", "246810");
pub const STAFF_NAME: &str = "李娜";

pub fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// The tests' "now": Monday 2026-11-23, 10:00.
pub fn now() -> NaiveDateTime {
    d(2026, 11, 23).and_hms_opt(10, 0, 0).unwrap()
}

/// The clock every certdesk binary a test starts runs on (`CERTDESK_CLOCK`, the domain crate's
/// `clock`): the kit's [`now`], Monday 2026-11-23 10:00, running on from there. No test depends
/// on the day it runs (issue 13: the desk refused every acceptance once the real date neared 2027).
pub const CLOCK_ENV: &str = "CERTDESK_CLOCK";
/// [`now`] as `CERTDESK_CLOCK` takes it.
pub const CLOCK: &str = "2026-11-23 10:00:00";

pub fn clock() -> Clock {
    Clock::fixed(now())
}

pub fn sample_holder() -> Holder {
    Holder {
        id_number: ID.into(),
        name: NAME.into(),
        gender: Gender::Female,
        mobile: Some("13800138000".into()),
        employer: None,
        employer_code: None,
    }
}

/// A certificate of the sample holder.
pub fn sample_cert(number: &str, kind: CertKind, valid_until: NaiveDate, review_due: Option<NaiveDate>) -> Certificate {
    Certificate {
        id: crate::domain::CertId::NEW,
        number: number.into(),
        kind,
        holder_id: ID.into(),
        name: NAME.into(),
        gender: Gender::Female,
        category: (kind == CertKind::SpecialOperation).then(|| "电工作业".into()),
        item: (kind == CertKind::SpecialOperation).then(|| "低压电工作业".into()),
        industry: (kind != CertKind::SpecialOperation).then(|| "金属冶炼".into()),
        first_issued: d(2023, 1, 4),
        valid_from: d(2023, 1, 4),
        valid_until,
        review_due,
        reviewed_on: None,
        issuer: BUREAU.into(),
        standing: Standing::Active,
        extended_review: false,
        seal_handle: [0; 8],
    }
}

/// The sample holder's two certificates: a 特种作业操作证 with its review due in 41 days (a
/// reminder) and a plainly valid 合格证.
pub fn sample_certs() -> Vec<Certificate> {
    vec![
        sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, d(2029, 1, 3), Some(d(2027, 1, 3))),
        sample_cert("AQ2025000123", CertKind::Principal, d(2028, 5, 31), None),
    ]
}

/// What the kiosk shows for a holder with a long name and three certificates (a review reminder,
/// a valid one, an expired one), as the screens tests feed it.
pub fn sample_identity() -> Identity {
    let cal = crate::domain::workdays::Calendar::builtin();
    Identity {
        name: "欧阳娜仁托娅".into(),
        masked_id: "110105********002X".into(),
        certs: vec![
            CertView {
                id: crate::domain::CertId(1),
                masked_number: "T110105********002X".into(),
                kind: CertKind::SpecialOperation,
                scope: "电工作业 / 高压电工作业".into(),
                valid_from: d(2023, 1, 4),
                valid_until: d(2029, 1, 3),
                review_due: Some(d(2027, 1, 3)),
                review_unknown: false,
                status: Status::ReviewDueSoon { due: d(2027, 1, 3), days: 41 },
                next_step: NextStep::Review { due: d(2027, 1, 3), apply_from: d(2026, 11, 4), extended: false },
                next_step_zh: certdesk::slip::next_step_zh(
                    CertKind::SpecialOperation,
                    NextStep::Review { due: d(2027, 1, 3), apply_from: d(2026, 11, 4), extended: false },
                    &cal,
                ),
                next_step_en: certdesk::slip::next_step_en(
                    CertKind::SpecialOperation,
                    NextStep::Review { due: d(2027, 1, 3), apply_from: d(2026, 11, 4), extended: false },
                    &cal,
                ),
                reminder: Some(Reminder {
                    kind: ReminderKind::Review,
                    materials_zh: "身份证、特种作业操作证原件、健康证明或健康承诺书".into(),
                    materials_en: "ID card, current certificate, health certificate or health pledge".into(),
                }),
            },
            CertView {
                id: crate::domain::CertId(2),
                masked_number: "AQ3701002025000123".into(),
                kind: CertKind::Principal,
                scope: "危险化学品经营单位".into(),
                valid_from: d(2025, 6, 1),
                valid_until: d(2028, 5, 31),
                review_due: None,
                review_unknown: false,
                status: Status::Valid,
                next_step: NextStep::Extend { until: d(2028, 5, 31), apply_by: d(2028, 5, 1) },
                next_step_zh: certdesk::slip::next_step_zh(
                    CertKind::Principal,
                    NextStep::Extend { until: d(2028, 5, 31), apply_by: d(2028, 5, 1) },
                    &cal,
                ),
                next_step_en: certdesk::slip::next_step_en(
                    CertKind::Principal,
                    NextStep::Extend { until: d(2028, 5, 31), apply_by: d(2028, 5, 1) },
                    &cal,
                ),
                reminder: None,
            },
            CertView {
                id: crate::domain::CertId(3),
                masked_number: "AQ3701002020000999".into(),
                kind: CertKind::SafetyManager,
                scope: "金属冶炼".into(),
                valid_from: d(2020, 3, 1),
                valid_until: d(2023, 2, 28),
                review_due: None,
                review_unknown: false,
                status: Status::Expired { until: d(2023, 2, 28) },
                next_step: NextStep::Retrain { reason: Invalid::Expired { until: d(2023, 2, 28) } },
                next_step_zh: certdesk::slip::next_step_zh(
                    CertKind::SafetyManager,
                    NextStep::Retrain { reason: Invalid::Expired { until: d(2023, 2, 28) } },
                    &cal,
                ),
                next_step_en: certdesk::slip::next_step_en(
                    CertKind::SafetyManager,
                    NextStep::Retrain { reason: Invalid::Expired { until: d(2023, 2, 28) } },
                    &cal,
                ),
                reminder: None,
            },
        ],
    }
}

/// Kiosk settings for tests: the sample bureau, the fixed clock.
pub fn kiosk_settings(idle: Duration) -> KioskSettings {
    KioskSettings { bureau: BUREAU.into(), idle, clock: clock(), demo_hint: None }
}

/// A kiosk on its attract screen (no service behind it).
pub fn kiosk(lang: Lang) -> Kiosk {
    Kiosk::new(kiosk_settings(Duration::from_secs(60)), lang, Instant::now())
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos());
        let p = std::env::temp_dir().join(format!(
            "certdesk-test-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst),
            nanos.unwrap_or(0)
        ));
        std::fs::create_dir_all(&p).expect("create a temp dir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for TempDir {
    fn default() -> Self {
        TempDir::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A real home (database, keys, trust list, spool) on a temp dir, with the sample holder, their
/// certificates and the staff member [`STAFF`].
pub struct TestHome {
    _tmp: TempDir,
    pub dir: PathBuf,
}

impl TestHome {
    /// `printer_target` as in certdesk.toml (`file:spool`, `tcp://127.0.0.1:9100`, ...). The
    /// kiosk settings: idle after 30 s, two prints per certificate per day. The defaults of the
    /// fixture builder ([`fixture::Fixture`]), which makes anything else.
    pub fn new(printer_target: &str) -> TestHome {
        fixture::Fixture::new().printer(printer_target).build()
    }

    /// A home whose certdesk.toml is exactly `config`.
    pub fn with_config(config: &str) -> TestHome {
        fixture::Fixture::new().config(config).build()
    }

    pub fn home(&self) -> Home {
        Home::open(&self.dir).unwrap()
    }

    pub fn store(&self) -> Store {
        Store::open(self.dir.join("certdesk.db")).unwrap()
    }

    pub fn spool(&self) -> PathBuf {
        self.dir.join("spool")
    }

    /// This home's settings, resolved once, with the fixed test clock and the product's
    /// timeouts (a test that waits for a timeout injects shorter ones: `with_timeouts`).
    pub fn settings(&self) -> Settings {
        Settings::resolve(&self.dir, None, clock()).unwrap()
    }

    /// This home as a station with the fixed test clock.
    pub fn station(&self) -> Station {
        Station::open(&self.dir, None, clock()).unwrap()
    }

    /// The live service, integrity check deferred to the worker (as the kiosk starts).
    pub fn live(&self) -> Live {
        self.station().live(OpenCheck::Skip).unwrap()
    }

    /// A runtime starting in `start` with the station's modes.
    pub fn runtime(&self, start: Target) -> Driver {
        self.runtime_at(start, clock())
    }

    /// As [`TestHome::runtime`], on `clock` (a day other than the kit's "now").
    pub fn runtime_at(&self, start: Target, clock: Clock) -> Driver {
        let st = Station::open(&self.dir, None, clock).unwrap();
        let mut modes: ModeFactory = st.modes(None);
        let first = modes(start).expect("mode exists");
        let live = st.live(OpenCheck::Skip).unwrap();
        Driver::new(Runtime::new(first, Box::new(live), modes))
    }

    /// The kiosk with the live service.
    pub fn kiosk(&self) -> Driver {
        self.runtime(Target::Kiosk)
    }

    /// Files the file printer wrote (`*.bin`), sorted.
    pub fn slips(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.spool())
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "bin"))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn click(col: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: col,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// A runtime driven through terminal events on a screen of `area`.
pub struct Driver {
    pub rt: Runtime,
    pub area: Rect,
}

impl Driver {
    pub fn new(rt: Runtime) -> Driver {
        Driver { rt, area: Rect { x: 0, y: 0, width: 100, height: 30 } }
    }

    pub fn event(&mut self, ev: Event) {
        self.rt.handle_event(&ev, self.area, Instant::now());
    }

    pub fn key(&mut self, code: KeyCode) {
        self.event(key(code));
    }

    pub fn enter(&mut self) {
        self.key(KeyCode::Enter);
    }

    pub fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn click(&mut self, col: u16, row: u16) {
        self.event(click(col, row));
    }

    /// Touch the middle of the first row of `r`.
    pub fn touch(&mut self, r: Rect) {
        self.click(r.x + r.width.min(2) / 2 + 1.min(r.width.saturating_sub(1)), r.y);
    }

    pub fn dispatch(&mut self, a: Action, now: Instant) {
        self.rt.dispatch(a, now);
    }

    /// Wait for the worker; panics if it does not answer within 10 s.
    pub fn settle(&mut self) {
        assert!(self.rt.settle(Duration::from_secs(10)), "worker did not answer");
    }

    pub fn mode<M: Mode>(&self) -> &M {
        self.rt.mode_as::<M>().unwrap_or_else(|| panic!("the active mode is not a {}", std::any::type_name::<M>()))
    }

    pub fn kiosk(&self) -> &Kiosk {
        self.mode::<Kiosk>()
    }

    /// At a kiosk: the sample holder's ID burst ended by Enter, then the second factor; the
    /// certificates screen must follow.
    pub fn identify(&mut self) {
        self.type_str(ID);
        self.enter();
        self.type_str(FACTOR);
        self.enter();
        self.settle();
        let screen = &self.kiosk().screen;
        assert!(matches!(screen, crate::app::kiosk::Screen::Certificates { .. }), "{screen:?}");
    }

    /// The screen as text at the driver's size, as the runtime draws it (effects in flight,
    /// outage banner).
    pub fn screen(&self) -> String {
        self.render(self.area.width, self.area.height)
    }

    /// The screen as text at `w`×`h`, as the runtime draws it.
    pub fn render(&self, w: u16, h: u16) -> String {
        render_with(w, h, |f| self.rt.draw(f))
    }

    /// Effects the runtime sent whose last answer has not come back yet.
    pub fn in_flight(&self) -> usize {
        self.rt.in_flight()
    }

    /// Whether the runtime shows the database outage (its banner, where the mode places it).
    pub fn outage(&self) -> bool {
        self.rt.outage()
    }
}

/// Render a mode to text, one line per row, wide glyphs once, trailing spaces trimmed (the form
/// the snapshots keep).
pub fn render(m: &dyn Mode, w: u16, h: u16) -> String {
    render_with(w, h, |f| m.draw(f))
}

/// Render what `draw` draws to text, in the form of [`render`].
pub fn render_with(w: u16, h: u16, draw: impl FnOnce(&mut ratatui::Frame)) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(draw).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            line.push_str(s);
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Render a mode and return the terminal (for cursor position and cell checks).
pub fn terminal(m: &dyn Mode, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| m.draw(f)).unwrap();
    term
}

/// Where `needle` (a raw ID number) appears in the database outside the registry tables
/// (holders, certificates), as `table.column` names: SPEC §6 says nowhere. Text and blobs are
/// both searched, so an ID inside JSON, a document's bytes or a hash input left raw is found.
pub fn raw_id_outside_registry(store: &Store, needle: &str) -> Vec<String> {
    store.columns_containing(needle, &["holders", "certificates"]).expect("scan the database")
}

// ---- the front desk (tests/desk*.rs) ------------------------------------------------------

/// The desk a runtime is showing.
pub fn desk(rt: &Driver) -> &crate::app::desk::Desk {
    rt.mode::<crate::app::desk::Desk>()
}

/// Sign in at the desk's login screen as `who` (staff number, PIN), by the keys staff type.
pub fn desk_login(rt: &mut Driver, who: (&str, &str)) {
    rt.type_str(who.0);
    rt.enter();
    rt.type_str(who.1);
    rt.enter();
    rt.settle();
    assert!(desk(rt).staff.is_some(), "not signed in: {:?}", desk(rt).note);
}

/// The desk's current screen in zh-CN then en at each of `sizes`, as `(tag, text)` with tag
/// `zh_80x24` and so on, for the caller's snapshots (insta names them after the calling test
/// file). Each is checked for what no desk screen may show: the sample holder's raw ID number,
/// an East-Asian-ambiguous-width glyph, a wide glyph cut at the right edge. The desk is left in
/// zh-CN.
pub fn desk_screens(rt: &mut Driver, name: &str, sizes: &[(u16, u16)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        if desk(rt).lang != lang {
            rt.dispatch(Action::ToggleLang, Instant::now());
        }
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        for &(w, h) in sizes {
            let s = render(rt.rt.mode(), w, h);
            assert!(!s.contains(ID), "{name}: the raw ID number is on screen");
            assert!(!s.chars().any(crate::app::strings::ambiguous), "{name}: ambiguous-width glyph");
            let term = terminal(rt.rt.mode(), w, h);
            for y in 0..h {
                let last = term.backend().buffer()[(w - 1, y)].symbol();
                assert!(unicode_width::UnicodeWidthStr::width(last) <= 1, "{name}: wide glyph cut at row {y}");
            }
            out.push((format!("{tag}_{w}x{h}"), s));
        }
    }
    rt.dispatch(Action::ToggleLang, Instant::now());
    assert_eq!(desk(rt).lang, Lang::Zh);
    out
}

/// The one snapshot helper: the desk's current screen in zh-CN and en at each size (80x24 and
/// 120x36 unless given), checked by [`desk_screens`], each kept as an insta snapshot named
/// `{name}_{lang}_{w}x{h}` beside the calling test file (insta names files after the caller's
/// module, so this is a macro, not a function).
#[macro_export]
macro_rules! desk_snapshots {
    ($rt:expr, $name:expr) => {
        $crate::desk_snapshots!($rt, $name, &[(80, 24), (120, 36)])
    };
    ($rt:expr, $name:expr, $sizes:expr) => {
        for (tag, s) in $crate::desk_screens($rt, $name, $sizes) {
            ::insta::assert_snapshot!(format!("{}_{}", $name, tag), s);
        }
    };
}
