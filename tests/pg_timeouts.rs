//! A hall's server that accepts the connection and then never answers (issue 17 §8): a
//! station's store gives up after the resolved settings' `Timeouts::db_connect`, as an outage
//! ("unavailable", waited out and retried), never a hang. The timeouts are injected through the
//! settings as a station resolves them; no sleep anywhere. The silent server is a TCP listener
//! on 127.0.0.1 that accepts and says nothing.

use certdesk::settings::Settings;
use certdesk::store::{OpenCheck, StoreError};
use certdesk::timeouts::Timeouts;
use certdesk_testkit::clock;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn silent_server() -> (String, mpsc::Receiver<TcpStream>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("postgres://certdesk@{}/certdesk", l.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for c in l.incoming().flatten() {
            if tx.send(c).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

#[test]
fn a_station_gives_up_on_a_silent_server_after_its_settings_connect_timeout() {
    let (url, accepted) = silent_server();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("certdesk.toml"), format!("[paths]\ndatabase = {url:?}\n")).unwrap();
    let t = Timeouts { db_connect: Duration::from_millis(300), ..Timeouts::short() };
    let settings = Settings::resolve(tmp.path(), None, clock()).unwrap().with_timeouts(t);
    let start = Instant::now();
    let e = settings.store_with(OpenCheck::Skip).err().expect("a silent server gives no store");
    let took = start.elapsed();
    assert!(
        e.chain().any(|c| c.downcast_ref::<StoreError>().is_some_and(StoreError::is_unavailable)),
        "an outage, not a settings error: {e:#}"
    );
    assert!(took < Duration::from_secs(3), "the product's 5 s were not waited, the settings' 300 ms were: {took:?}");
    assert!(accepted.recv_timeout(Duration::from_secs(5)).is_ok(), "the server did accept the connection");
    // Garbage from the settings file is still a settings error, not an outage.
    std::fs::write(tmp.path().join("certdesk.toml"), "[paths]\ndatabase = \"postgres://u@h:notaport/db\"\n").unwrap();
    let settings = Settings::resolve(tmp.path(), None, clock()).unwrap().with_timeouts(t);
    let e = settings.store_with(OpenCheck::Skip).err().expect("a garbage URL");
    assert!(!e.chain().any(|c| c.downcast_ref::<StoreError>().is_some_and(StoreError::is_unavailable)), "{e:#}");
}
